import type { SseEvent } from './fake-upstream.types';

/**
 * Minimal but well-formed provider payloads, shaped like what the official SDKs
 * parse. Ids are fixed so tests can assert on them.
 */
export type ToolCallScript = {
  id: string;
  name: string;
  /** The arguments exactly as the model would stream them (not re-serialised). */
  arguments: string;
};

export type ReplyScript = {
  model?: string;
  text?: string;
  toolCalls?: ToolCallScript[];
};

const CREATED = 1_767_225_600;

function chunkText(text: string, size = 8): string[] {
  const pieces: string[] = [];

  for (let index = 0; index < text.length; index += size) {
    pieces.push(text.slice(index, index + size));
  }

  return pieces.length > 0 ? pieces : [''];
}

export function openAIChatCompletion(script: ReplyScript = {}): Record<string, unknown> {
  const toolCalls = script.toolCalls ?? [];

  return {
    id: 'chatcmpl-fake1',
    object: 'chat.completion',
    created: CREATED,
    model: script.model ?? 'gpt-4o-mini',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: script.text ?? (toolCalls.length > 0 ? null : 'ok'),
          refusal: null,
          ...(toolCalls.length > 0
            ? {
                tool_calls: toolCalls.map((call) => ({
                  id: call.id,
                  type: 'function',
                  function: { name: call.name, arguments: call.arguments },
                })),
              }
            : {}),
        },
        logprobs: null,
        finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
  };
}

export function openAIChatStream(script: ReplyScript = {}): SseEvent[] {
  const model = script.model ?? 'gpt-4o-mini';
  const toolCalls = script.toolCalls ?? [];
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    data: {
      id: 'chatcmpl-fake1',
      object: 'chat.completion.chunk',
      created: CREATED,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    },
  });
  const events: SseEvent[] = [chunk({ role: 'assistant', content: '' })];

  if (script.text !== undefined || toolCalls.length === 0) {
    for (const piece of chunkText(script.text ?? 'ok')) {
      events.push(chunk({ content: piece }));
    }
  }

  toolCalls.forEach((call, index) => {
    events.push(
      chunk({
        tool_calls: [
          { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
        ],
      }),
    );

    for (const piece of chunkText(call.arguments)) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });

  events.push(chunk({}, toolCalls.length > 0 ? 'tool_calls' : 'stop'));
  events.push({ data: '[DONE]' });

  return events;
}

function responseOutput(script: ReplyScript): Record<string, unknown>[] {
  const output: Record<string, unknown>[] = [];

  if (script.text !== undefined || (script.toolCalls ?? []).length === 0) {
    output.push({
      id: 'msg_fake1',
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: script.text ?? 'ok', annotations: [] }],
    });
  }

  for (const call of script.toolCalls ?? []) {
    output.push({
      id: `fc_${call.id}`,
      type: 'function_call',
      status: 'completed',
      call_id: call.id,
      name: call.name,
      arguments: call.arguments,
    });
  }

  return output;
}

export function openAIResponse(script: ReplyScript = {}): Record<string, unknown> {
  return {
    id: 'resp_fake1',
    object: 'response',
    created_at: CREATED,
    status: 'completed',
    model: script.model ?? 'gpt-4o-mini',
    output: responseOutput(script),
    usage: { input_tokens: 12, output_tokens: 3, total_tokens: 15 },
  };
}

export function openAIResponsesStream(script: ReplyScript = {}): SseEvent[] {
  const completed = openAIResponse(script);
  const created = { ...completed, status: 'in_progress', output: [] };
  const events: SseEvent[] = [
    {
      event: 'response.created',
      data: { type: 'response.created', sequence_number: 0, response: created },
    },
  ];
  let sequence = 1;

  if (script.text !== undefined || (script.toolCalls ?? []).length === 0) {
    for (const piece of chunkText(script.text ?? 'ok')) {
      events.push({
        event: 'response.output_text.delta',
        data: {
          type: 'response.output_text.delta',
          sequence_number: sequence++,
          item_id: 'msg_fake1',
          output_index: 0,
          content_index: 0,
          delta: piece,
        },
      });
    }
  }

  events.push({
    event: 'response.completed',
    data: { type: 'response.completed', sequence_number: sequence, response: completed },
  });

  return events;
}

export function anthropicMessage(script: ReplyScript = {}): Record<string, unknown> {
  const toolCalls = script.toolCalls ?? [];
  const content: Record<string, unknown>[] = [];

  if (script.text !== undefined || toolCalls.length === 0) {
    content.push({ type: 'text', text: script.text ?? 'ok' });
  }

  for (const call of toolCalls) {
    content.push({
      type: 'tool_use',
      id: call.id,
      name: call.name,
      input: JSON.parse(call.arguments),
    });
  }

  return {
    id: 'msg_fake1',
    type: 'message',
    role: 'assistant',
    model: script.model ?? 'claude-sonnet-4-5',
    content,
    stop_reason: toolCalls.length > 0 ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 3 },
  };
}

export function anthropicStream(script: ReplyScript = {}): SseEvent[] {
  const message = anthropicMessage(script);
  const toolCalls = script.toolCalls ?? [];
  const event = (type: string, data: Record<string, unknown>): SseEvent => ({
    event: type,
    data: { type, ...data },
  });
  const events: SseEvent[] = [
    event('message_start', {
      message: {
        ...message,
        content: [],
        stop_reason: null,
        usage: { input_tokens: 12, output_tokens: 1 },
      },
    }),
  ];
  let index = 0;

  if (script.text !== undefined || toolCalls.length === 0) {
    events.push(event('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    events.push(event('ping', {}));

    for (const piece of chunkText(script.text ?? 'ok')) {
      events.push(
        event('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }),
      );
    }

    events.push(event('content_block_stop', { index }));
    index += 1;
  }

  for (const call of toolCalls) {
    events.push(
      event('content_block_start', {
        index,
        content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} },
      }),
    );

    for (const piece of chunkText(call.arguments)) {
      events.push(
        event('content_block_delta', {
          index,
          delta: { type: 'input_json_delta', partial_json: piece },
        }),
      );
    }

    events.push(event('content_block_stop', { index }));
    index += 1;
  }

  events.push(
    event('message_delta', {
      delta: { stop_reason: message['stop_reason'], stop_sequence: null },
      usage: { output_tokens: 3 },
    }),
  );
  events.push(event('message_stop', {}));

  return events;
}

/** SSE wire framing, as providers send it: optional `event:` line, one `data:` line, blank line. */
export function formatSseEvent(event: SseEvent): string {
  const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  const lines = data.split('\n').map((line) => `data: ${line}`);

  return `${event.event ? `event: ${event.event}\n` : ''}${lines.join('\n')}\n\n`;
}
