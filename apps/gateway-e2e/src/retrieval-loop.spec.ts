import Anthropic from '@anthropic-ai/sdk';
import { RETRIEVAL_TOOL_NAME, markerPattern, parseMarkers } from '@headroom/contracts';
import {
  anthropicMessage,
  anthropicStream,
  openAIChatCompletion,
  openAIChatStream,
  type SseEvent,
} from '@headroom/testing';
import OpenAI from 'openai';
import { type Harness, startHarness } from './support/gateway-harness';

// The field-bug generator: 300 order rows, row 137 failed (BL-01, BL-03).
const rows = JSON.stringify(
  Array.from({ length: 300 }, (_, i) => ({
    id: i,
    sku: `SKU-${String(i).padStart(4, '0')}`,
    qty: i % 7,
    status: i === 137 ? 'error' : 'ok',
    ...(i === 137 ? { note: 'disk quota exceeded' } : {}),
  })),
);

const ORDER_TOOL = {
  type: 'function' as const,
  function: { name: 'list_orders', parameters: { type: 'object', properties: {} } },
};

function chatHistory(): OpenAI.ChatCompletionMessageParam[] {
  return [
    { role: 'user', content: 'Which order failed and why?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_orders', type: 'function', function: { name: 'list_orders', arguments: '{}' } },
      ],
    },
    { role: 'tool', tool_call_id: 'call_orders', content: rows },
  ];
}

/** The hash the model would copy from the marker the upstream received. */
function markerKey(body: Buffer): string {
  const markers = parseMarkers(body.toString('utf8').replace(/\\"/g, '"'));
  if (markers.length === 0) throw new Error('no marker reached the upstream');
  return markers[0].key;
}

describe('transparent retrieval through the gateway', () => {
  let harness: Harness;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    harness = await startHarness({ env: { HEADROOM_API_KEYS: 'key-a:team-a,key-b:team-b' } });
    const headers = { 'x-headroom-key': 'key-a' };
    openai = new OpenAI({
      apiKey: 'sk-test',
      baseURL: `${harness.url}/v1`,
      maxRetries: 0,
      defaultHeaders: headers,
    });
    anthropic = new Anthropic({
      apiKey: 'sk-ant',
      baseURL: harness.url,
      maxRetries: 0,
      defaultHeaders: headers,
    });
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => harness.upstream.reset());

  /** First call: compress and learn the key; the upstream answers plainly. */
  async function learnKey(): Promise<string> {
    harness.upstream.enqueue({ kind: 'json', body: openAIChatCompletion({ text: 'noted' }) });
    await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: chatHistory(),
      tools: [ORDER_TOOL],
    });
    const sent = harness.upstream.requests.at(-1);
    if (!sent) throw new Error('nothing reached the upstream');
    harness.upstream.reset();
    return markerKey(sent.body);
  }

  it('answers a non-streaming retrieval call and continues with the exact original (BL-01 B)', async () => {
    const key = await learnKey();
    harness.upstream.enqueue(
      {
        kind: 'json',
        body: openAIChatCompletion({
          toolCalls: [{ id: 'call_r', name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${key}"}` }],
        }),
      },
      {
        kind: 'json',
        body: openAIChatCompletion({ text: 'Order 137 failed: disk quota exceeded' }),
      },
    );

    const completion = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: chatHistory(),
      tools: [ORDER_TOOL],
    });

    expect(completion.choices[0].message.content).toBe('Order 137 failed: disk quota exceeded');
    expect(completion.choices[0].message.tool_calls).toBeUndefined();
    expect(JSON.stringify(completion)).not.toMatch(markerPattern());
    const continuation = JSON.parse(harness.upstream.requests[1].body.toString('utf8')) as {
      messages: { role: string; content: string }[];
    };
    const answer = continuation.messages.at(-1);
    expect(answer?.role).toBe('tool');
    expect(answer?.content).toBe(rows);
    expect(answer?.content).not.toMatch(markerPattern());
  });

  it('splices a streamed Anthropic retrieval into one message for the client (BL-03)', async () => {
    const key = await learnKey();
    harness.upstream.enqueue(
      {
        kind: 'sse',
        events: anthropicStream({
          toolCalls: [{ id: 'toolu_r', name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${key}"}` }],
        }),
      },
      { kind: 'sse', events: anthropicStream({ text: 'Row 137 failed: disk quota exceeded' }) },
    );

    const stream = anthropic.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      tools: [{ name: 'list_orders', input_schema: { type: 'object', properties: {} } }],
      messages: [
        { role: 'user', content: 'Which order failed and why?' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_orders', name: 'list_orders', input: {} }],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_orders', content: rows }],
        },
      ],
    });
    const seen: string[] = [];
    stream.on('streamEvent', (event) => seen.push(event.type));
    const message = await stream.finalMessage();

    expect(seen.filter((type) => type === 'message_start')).toHaveLength(1);
    expect(seen.filter((type) => type === 'message_stop')).toHaveLength(1);
    expect(message.content.map((block) => block.type)).toEqual(['text']);
    expect(message.content[0]).toMatchObject({ text: 'Row 137 failed: disk quota exceeded' });
    expect(message.stop_reason).not.toBe('tool_use');
    const continuation = harness.upstream.requests[1].body.toString('utf8');
    expect(continuation).toContain(JSON.stringify(rows));
  });

  it('streams an OpenAI retrieval continuation without showing the call', async () => {
    const key = await learnKey();
    harness.upstream.enqueue(
      {
        kind: 'sse',
        events: openAIChatStream({
          toolCalls: [{ id: 'call_r', name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${key}"}` }],
        }),
      },
      { kind: 'sse', events: openAIChatStream({ text: 'SKU-0137 failed.' }) },
    );

    const stream = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: chatHistory(),
      tools: [ORDER_TOOL],
      stream: true,
    });
    let text = '';
    let sawToolCall = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      sawToolCall ||= (chunk.choices[0]?.delta.tool_calls?.length ?? 0) > 0;
    }

    expect(text).toBe('SKU-0137 failed.');
    expect(sawToolCall).toBe(false);
    expect(harness.upstream.requests).toHaveLength(2);
  });

  it('keeps the client tool and hides ours in a mixed turn', async () => {
    const key = await learnKey();
    harness.upstream.enqueue({
      kind: 'json',
      body: anthropicMessage({
        toolCalls: [
          { id: 'toolu_c', name: 'list_orders', arguments: '{}' },
          { id: 'toolu_r', name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${key}"}` },
        ],
      }),
    });

    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      tools: [{ name: 'list_orders', input_schema: { type: 'object', properties: {} } }],
      messages: [
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'x', content: rows }] },
      ],
    });

    expect(
      message.content.map((block) => (block.type === 'tool_use' ? block.name : block.type)),
    ).toEqual(['list_orders']);
    expect(harness.upstream.requests).toHaveLength(1);
  });

  it('never gives one tenant the original of another, even with the right hash', async () => {
    const key = await learnKey();
    const other = new OpenAI({
      apiKey: 'sk-test',
      baseURL: `${harness.url}/v1`,
      maxRetries: 0,
      defaultHeaders: { 'x-headroom-key': 'key-b' },
    });
    // Tenant B has compressed output of its own, so its request carries the
    // retrieval tool; the model then asks for tenant A's key.
    const history = chatHistory();
    history[2] = {
      role: 'tool',
      tool_call_id: 'call_orders',
      content: rows.replace(/SKU/g, 'PART'),
    };
    harness.upstream.enqueue(
      {
        kind: 'json',
        body: openAIChatCompletion({
          toolCalls: [{ id: 'call_r', name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${key}"}` }],
        }),
      },
      { kind: 'json', body: openAIChatCompletion({ text: 'nothing to add' }) },
    );

    const completion = await other.chat.completions.create({
      model: 'gpt-4o',
      messages: history,
      tools: [ORDER_TOOL],
    });

    expect(completion.choices[0].message.tool_calls).toBeUndefined();
    const continuation = harness.upstream.requests[1].body.toString('utf8');
    expect(continuation).not.toContain('SKU-0299');
    expect(continuation).toContain('Do not call headroom_retrieve for it again');
    const direct = await fetch(`${harness.url}/v1/retrieve/${key}`, {
      headers: { 'x-headroom-key': 'key-b' },
    });
    expect(direct.status).toBe(404);
  });

  // BL-23: the tester's request, 1000 in / 50 out for the round that calls
  // the retrieval tool, then 3000 in / 20 out; the provider bills 4000 / 70.
  it('reports the usage of both rounds to an OpenAI client, not the last one (BL-23)', async () => {
    const key = await learnKey();
    const usage = (prompt: number, completion: number) => ({
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    });
    harness.upstream.enqueue(
      {
        kind: 'json',
        body: {
          ...openAIChatCompletion({
            toolCalls: [
              { id: 'call_r', name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${key}"}` },
            ],
          }),
          usage: usage(1000, 50),
        },
      },
      {
        kind: 'json',
        body: { ...openAIChatCompletion({ text: 'Order 137 failed.' }), usage: usage(3000, 20) },
      },
    );

    const completion = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: chatHistory(),
      tools: [ORDER_TOOL],
    });

    expect(harness.upstream.requests).toHaveLength(2);
    expect(completion.usage).toEqual({
      prompt_tokens: 4000,
      completion_tokens: 70,
      total_tokens: 4070,
    });
  });

  it('reports the usage of both rounds at the end of an Anthropic stream (BL-23)', async () => {
    const key = await learnKey();
    const withUsage = (events: SseEvent[], input: number, output: number): SseEvent[] =>
      events.map((event) => {
        const data = event.data as Record<string, unknown>;
        if (data.type === 'message_start') {
          const message = data.message as Record<string, unknown>;
          return {
            ...event,
            data: {
              ...data,
              message: { ...message, usage: { input_tokens: input, output_tokens: 1 } },
            },
          };
        }
        if (data.type === 'message_delta') {
          return { ...event, data: { ...data, usage: { output_tokens: output } } };
        }
        return event;
      });
    harness.upstream.enqueue(
      {
        kind: 'sse',
        events: withUsage(
          anthropicStream({
            toolCalls: [
              { id: 'toolu_r', name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${key}"}` },
            ],
          }),
          1000,
          50,
        ),
      },
      {
        kind: 'sse',
        events: withUsage(anthropicStream({ text: 'Row 137 failed.' }), 3000, 20),
      },
    );

    const message = await anthropic.messages
      .stream({
        model: 'claude-sonnet-4-5',
        max_tokens: 256,
        messages: [
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 'toolu_orders', content: rows }],
          },
        ],
      })
      .finalMessage();

    expect(harness.upstream.requests).toHaveLength(2);
    expect(message.usage).toMatchObject({ input_tokens: 4000, output_tokens: 70 });
    expect(message.usage).not.toHaveProperty('total_tokens');
  });
});
