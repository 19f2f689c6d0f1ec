import {
  type LookupResult,
  type OriginalRecord,
  type OriginalStore,
  RETRIEVAL_TOOL_NAME,
  ccrKey,
} from '@headroom/contracts';
import { type ProviderFormat, formatSse } from '@headroom/providers';
import { type UpstreamReply, RetrievalLoop } from './retrieval-loop';

// BL-23: the client must see what every upstream round cost, not only the
// last round. The tester's numbers: 1000 in / 50 out, then 3000 in / 20 out.
const hash = ccrKey('the original');

class MissingStore implements OriginalStore {
  async save(_records: readonly OriginalRecord[]): Promise<void> {
    return undefined;
  }

  async lookup(_tenant: string, key: string): Promise<LookupResult> {
    return { status: 'missing', key };
  }
}

function stream(parts: string[]): AsyncIterable<Uint8Array> {
  return (async function* () {
    for (const part of parts) yield Buffer.from(part);
  })();
}

function run(format: ProviderFormat, replies: (string[] | object)[]) {
  const loop = new RetrievalLoop(new MissingStore());
  const conversation = format === 'openai-responses' ? 'input' : 'messages';
  const requestBody = Buffer.from(
    JSON.stringify({ model: 'm', [conversation]: [{ role: 'user', content: 'q' }] }),
  );
  const call = async (): Promise<UpstreamReply> => {
    const next = replies.shift();
    if (!next) throw new Error('unexpected upstream call');
    const body = Array.isArray(next) ? next : [JSON.stringify(next)];

    return { status: 200, headers: {}, body: stream(body) };
  };

  return { request: { format, requestBody, tenant: 'acme', call }, loop };
}

async function json(format: ProviderFormat, first: object, ...rest: object[]) {
  const { loop, request } = run(format, rest);
  const answer = await loop.completeJson(request, Buffer.from(JSON.stringify(first)));

  return JSON.parse(answer.body.toString('utf8')) as { usage: unknown };
}

/** The parts of a client-bound SSE payload these specs read. */
type ClientEvent = {
  type?: string;
  usage?: object | null;
  message?: { usage?: { input_tokens?: number } };
  response?: { usage?: object };
};

async function sse(format: ProviderFormat, first: string[], ...rest: string[][]) {
  const { loop, request } = run(format, rest);
  let text = '';
  for await (const part of loop.completeStream(request, stream(first))) text += part;

  return text
    .split('\n\n')
    .filter((event) => event.includes('data: {'))
    .map((event) => JSON.parse(event.slice(event.indexOf('data: ') + 6)) as ClientEvent);
}

const chatRetrieval = {
  role: 'assistant',
  content: null,
  tool_calls: [
    {
      id: 'call_1',
      type: 'function',
      function: { name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${hash}"}` },
    },
  ],
};

describe(RetrievalLoop.name, () => {
  describe('completeJson usage (BL-23)', () => {
    it('gives an OpenAI chat client the sum of both rounds, details included', async () => {
      const body = await json(
        'openai-chat',
        {
          id: 'a',
          choices: [{ index: 0, message: chatRetrieval, finish_reason: 'tool_calls' }],
          usage: {
            prompt_tokens: 1000,
            completion_tokens: 50,
            total_tokens: 1050,
            prompt_tokens_details: { cached_tokens: 600, audio_tokens: 0 },
            completion_tokens_details: { reasoning_tokens: 30 },
          },
        },
        {
          id: 'b',
          choices: [{ index: 0, message: { role: 'assistant', content: 'done' } }],
          usage: {
            prompt_tokens: 3000,
            completion_tokens: 20,
            total_tokens: 3020,
            prompt_tokens_details: { cached_tokens: 1000, audio_tokens: 0 },
            completion_tokens_details: { reasoning_tokens: 5 },
          },
          system_fingerprint: 'fp_1',
        },
      );

      expect(body.usage).toEqual({
        prompt_tokens: 4000,
        completion_tokens: 70,
        total_tokens: 4070,
        prompt_tokens_details: { cached_tokens: 1600, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 35 },
      });
    });

    it('gives a Responses client the sum of both rounds in its own fields', async () => {
      const call = {
        type: 'function_call',
        call_id: 'f1',
        name: RETRIEVAL_TOOL_NAME,
        arguments: `{"hash":"${hash}"}`,
      };
      const body = await json(
        'openai-responses',
        {
          id: 'r1',
          output: [call],
          usage: {
            input_tokens: 1000,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: 50,
            output_tokens_details: { reasoning_tokens: 40 },
            total_tokens: 1050,
          },
        },
        {
          id: 'r2',
          output: [{ type: 'message', role: 'assistant', content: [] }],
          usage: {
            input_tokens: 3000,
            input_tokens_details: { cached_tokens: 900 },
            output_tokens: 20,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: 3020,
          },
        },
      );

      expect(body.usage).toEqual({
        input_tokens: 4000,
        input_tokens_details: { cached_tokens: 900 },
        output_tokens: 70,
        output_tokens_details: { reasoning_tokens: 40 },
        total_tokens: 4070,
      });
    });

    it('gives an Anthropic client the sum without inventing a total', async () => {
      const body = await json(
        'anthropic-messages',
        {
          id: 'msg_1',
          content: [
            { type: 'tool_use', id: 'toolu_1', name: RETRIEVAL_TOOL_NAME, input: { hash } },
          ],
          stop_reason: 'tool_use',
          usage: {
            input_tokens: 1000,
            cache_creation_input_tokens: 100,
            cache_read_input_tokens: 0,
            output_tokens: 50,
            service_tier: 'standard',
          },
        },
        {
          id: 'msg_2',
          content: [{ type: 'text', text: 'done' }],
          stop_reason: 'end_turn',
          usage: {
            input_tokens: 3000,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 800,
            output_tokens: 20,
            service_tier: 'standard',
          },
        },
      );

      expect(body.usage).toEqual({
        input_tokens: 4000,
        cache_creation_input_tokens: 100,
        cache_read_input_tokens: 800,
        output_tokens: 70,
        service_tier: 'standard',
      });
    });

    it('sums all three rounds when the model retrieves twice', async () => {
      const retrieval = (id: string, prompt: number) => ({
        id,
        choices: [{ index: 0, message: chatRetrieval, finish_reason: 'tool_calls' }],
        usage: { prompt_tokens: prompt, completion_tokens: 10, total_tokens: prompt + 10 },
      });
      const body = await json('openai-chat', retrieval('a', 1000), retrieval('b', 2000), {
        id: 'c',
        choices: [{ index: 0, message: { role: 'assistant', content: 'done' } }],
        usage: { prompt_tokens: 3000, completion_tokens: 20, total_tokens: 3020 },
      });

      expect(body.usage).toEqual({
        prompt_tokens: 6000,
        completion_tokens: 40,
        total_tokens: 6040,
      });
    });

    it('leaves the bytes of a one-round answer as they came', async () => {
      const { loop, request } = run('openai-chat', []);
      const first = Buffer.from('{"id":"a",  "usage":{"prompt_tokens":1000},"choices":[]}');

      const answer = await loop.completeJson(request, first);

      expect(answer.body.equals(first)).toBe(true);
    });
  });

  describe('completeStream usage (BL-23)', () => {
    const chatChunk = (delta: object, finish: string | null = null) =>
      formatSse(undefined, {
        id: 'chatcmpl-1',
        choices: [{ index: 0, delta, finish_reason: finish }],
        usage: null,
      });
    const chatUsage = (prompt: number, completion: number) =>
      formatSse(undefined, {
        id: 'chatcmpl-1',
        choices: [],
        usage: {
          prompt_tokens: prompt,
          completion_tokens: completion,
          total_tokens: prompt + completion,
          prompt_tokens_details: { cached_tokens: 0 },
        },
      });
    const chatCall = chatChunk({
      tool_calls: [
        {
          index: 0,
          id: 'call_1',
          type: 'function',
          function: { name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${hash}"}` },
        },
      ],
    });

    it('puts the sum of both rounds in the OpenAI chat usage chunk', async () => {
      const events = await sse(
        'openai-chat',
        [chatCall, chatChunk({}, 'tool_calls'), chatUsage(1000, 50), 'data: [DONE]\n\n'],
        [
          chatChunk({ content: 'done' }),
          chatChunk({}, 'stop'),
          chatUsage(3000, 20),
          'data: [DONE]\n\n',
        ],
      );

      const usages = events.filter((event) => event.usage).map((event) => event.usage);
      expect(usages).toEqual([
        {
          prompt_tokens: 4000,
          completion_tokens: 70,
          total_tokens: 4070,
          prompt_tokens_details: { cached_tokens: 0 },
        },
      ]);
    });

    it('adds no usage chunk when the client did not ask for one', async () => {
      const events = await sse(
        'openai-chat',
        [chatCall, chatChunk({}, 'tool_calls'), 'data: [DONE]\n\n'],
        [chatChunk({ content: 'done' }), chatChunk({}, 'stop'), 'data: [DONE]\n\n'],
      );

      expect(events.some((event) => event.usage)).toBe(false);
    });

    it('puts the sum of both rounds in response.completed', async () => {
      const event = (type: string, data: object) =>
        formatSse(type, { type, sequence_number: 0, ...data });
      const completed = (output: object[], input: number, out: number) =>
        event('response.completed', {
          response: {
            id: 'resp',
            status: 'completed',
            output,
            usage: {
              input_tokens: input,
              input_tokens_details: { cached_tokens: 0 },
              output_tokens: out,
              output_tokens_details: { reasoning_tokens: 0 },
              total_tokens: input + out,
            },
          },
        });
      const call = {
        type: 'function_call',
        call_id: 'f1',
        name: RETRIEVAL_TOOL_NAME,
        arguments: `{"hash":"${hash}"}`,
      };
      const text = { type: 'message', role: 'assistant', content: [] };

      const events = await sse(
        'openai-responses',
        [
          event('response.created', { response: { id: 'resp', usage: null } }),
          event('response.output_item.added', { output_index: 0, item: call }),
          completed([call], 1000, 50),
        ],
        [
          event('response.created', { response: { id: 'resp2', usage: null } }),
          event('response.output_item.added', { output_index: 0, item: text }),
          completed([text], 3000, 20),
        ],
      );

      const last = events.at(-1);
      expect(last?.type).toBe('response.completed');
      expect(last?.response?.usage).toEqual({
        input_tokens: 4000,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 70,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 4070,
      });
    });

    it('reports the input of every round in the final Anthropic message_delta', async () => {
      const event = (type: string, data: object = {}) => formatSse(type, { type, ...data });
      const start = (input: number, cacheRead: number) =>
        event('message_start', {
          message: {
            id: 'msg',
            content: [],
            usage: {
              input_tokens: input,
              cache_creation_input_tokens: 0,
              cache_read_input_tokens: cacheRead,
              output_tokens: 1,
            },
          },
        });
      const delta = (reason: string, output: number) =>
        event('message_delta', {
          delta: { stop_reason: reason },
          usage: { output_tokens: output },
        });

      const events = await sse(
        'anthropic-messages',
        [
          start(1000, 0),
          event('content_block_start', {
            index: 0,
            content_block: {
              type: 'tool_use',
              id: 'toolu_1',
              name: RETRIEVAL_TOOL_NAME,
              input: {},
            },
          }),
          event('content_block_delta', {
            index: 0,
            delta: { type: 'input_json_delta', partial_json: `{"hash":"${hash}"}` },
          }),
          event('content_block_stop', { index: 0 }),
          delta('tool_use', 50),
          event('message_stop'),
        ],
        [
          start(3000, 700),
          event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
          event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'done' } }),
          event('content_block_stop', { index: 0 }),
          delta('end_turn', 20),
          event('message_stop'),
        ],
      );

      const starts = events.filter((e) => e.type === 'message_start');
      expect(starts).toHaveLength(1);
      expect(starts[0].message?.usage?.input_tokens).toBe(1000);
      const deltas = events.filter((e) => e.type === 'message_delta');
      expect(deltas).toHaveLength(1);
      expect(deltas[0].usage).toEqual({
        output_tokens: 70,
        input_tokens: 4000,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 700,
      });
      expect(Object.keys(deltas[0].usage ?? {})[0]).toBe('output_tokens');
      expect(deltas[0].usage).not.toHaveProperty('total_tokens');
    });

    it('counts input once when message_delta already reports it cumulatively', async () => {
      const event = (type: string, data: object = {}) => formatSse(type, { type, ...data });
      const round = (block: object, reason: string, input: number, output: number) => [
        event('message_start', {
          message: { id: 'msg', content: [], usage: { input_tokens: input, output_tokens: 1 } },
        }),
        event('content_block_start', { index: 0, content_block: block }),
        event('content_block_stop', { index: 0 }),
        event('message_delta', {
          delta: { stop_reason: reason },
          usage: { input_tokens: input, cache_read_input_tokens: null, output_tokens: output },
        }),
        event('message_stop'),
      ];
      const call = { type: 'tool_use', id: 'toolu_1', name: RETRIEVAL_TOOL_NAME, input: { hash } };

      const events = await sse(
        'anthropic-messages',
        round(call, 'tool_use', 1000, 50),
        round({ type: 'text', text: 'done' }, 'end_turn', 3000, 20),
      );

      const deltas = events.filter((e) => e.type === 'message_delta');
      expect(deltas[0].usage).toEqual({
        input_tokens: 4000,
        cache_read_input_tokens: null,
        output_tokens: 70,
      });
    });
  });
});
