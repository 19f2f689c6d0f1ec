import { HEADERS } from '@headroom/contracts';

export const CHAT_PATH = '/v1/chat/completions';

const MODEL = 'gpt-4o-mini';

export const BASE_HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  authorization: 'Bearer sk-bench-not-a-real-key',
};

export const PASSTHROUGH_HEADERS: Record<string, string> = {
  ...BASE_HEADERS,
  [HEADERS.mode]: 'passthrough',
};

/** A small chat request, the everyday passthrough case. */
export function smallChatBody(): string {
  return JSON.stringify({
    model: MODEL,
    messages: [
      { role: 'system', content: 'You are a concise assistant for an on-call engineer.' },
      { role: 'user', content: 'Summarise the state of the last deploy in two sentences.' },
    ],
    max_tokens: 200,
  });
}

/**
 * An agent turn: the model asked for a log, the tool answered with it, and
 * the request carries that answer back. The tool output is what the gateway
 * compresses; everything else is small.
 */
export function toolOutputChatBody(toolOutput: string): string {
  return JSON.stringify({
    model: MODEL,
    messages: [
      { role: 'system', content: 'You are an SRE agent. Use the tools to investigate.' },
      { role: 'user', content: 'The nightly job failed. Find out why and what to fix.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_bench_1',
            type: 'function',
            function: { name: 'read_log', arguments: '{"path":"/var/log/nightly.log"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_bench_1', content: toolOutput },
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: 'read_log',
          description: 'Read a log file from the host.',
          parameters: {
            type: 'object',
            properties: { path: { type: 'string' } },
            required: ['path'],
          },
        },
      },
    ],
  });
}
