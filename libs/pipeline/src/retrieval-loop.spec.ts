import {
  type LookupResult,
  type OriginalRecord,
  type OriginalStore,
  RETRIEVAL_TOOL_NAME,
  ccrKey,
  markerPattern,
} from '@headroom/contracts';
import { InMemoryOriginalStore } from '@headroom/ccr';
import { formatSse } from '@headroom/providers';
import { type UpstreamReply, RetrievalLoop } from './retrieval-loop';

const original = JSON.stringify(
  Array.from({ length: 300 }, (_, i) => ({ id: i, sku: `SKU-${String(i).padStart(4, '0')}` })),
);
const hash = ccrKey(original);

class MapStore implements OriginalStore {
  readonly lookups: string[] = [];

  async save(_records: readonly OriginalRecord[]): Promise<void> {
    return undefined;
  }

  async lookup(tenant: string, key: string): Promise<LookupResult> {
    this.lookups.push(`${tenant}:${key}`);
    if (tenant !== 'acme' || key !== hash) return { status: 'missing', key };

    return {
      status: 'found',
      original: {
        key,
        tenant,
        content: original,
        kind: 'json',
        compressor: 'json',
        itemCount: 300,
        keptCount: 10,
        toolName: null,
        tokensBefore: null,
        createdAt: new Date(),
        expiresAt: new Date(),
        retrievalCount: 1,
      },
    };
  }
}

function openAiFinal(text: string) {
  return {
    id: 'x',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
  };
}

function stream(events: string[]): AsyncIterable<Uint8Array> {
  return (async function* () {
    for (const event of events) yield Buffer.from(event);
  })();
}

function reply(events: string[] | object): UpstreamReply {
  const body = Array.isArray(events) ? events : [JSON.stringify(events)];
  return { status: 200, headers: {}, body: stream(body) };
}

async function collect(source: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const part of source) text += part;
  return text;
}

function setup(replies: UpstreamReply[]) {
  const store = new MapStore();
  const bodies: string[] = [];
  const loop = new RetrievalLoop(store);
  const call = async (body: Buffer) => {
    bodies.push(body.toString('utf8'));
    const next = replies.shift();
    if (!next) throw new Error('unexpected upstream call');
    return next;
  };

  return { store, bodies, loop, call };
}

const anthropicRequest = Buffer.from(
  JSON.stringify({
    model: 'claude-sonnet-4-5',
    stream: true,
    messages: [{ role: 'user', content: 'why?' }],
  }),
);

const anthropicEvents = {
  start: formatSse('message_start', {
    type: 'message_start',
    message: { id: 'msg_1', content: [] },
  }),
  toolStart: (index: number) =>
    formatSse('content_block_start', {
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: 'toolu_1', name: RETRIEVAL_TOOL_NAME, input: {} },
    }),
  toolDelta: (index: number) =>
    formatSse('content_block_delta', {
      type: 'content_block_delta',
      index,
      delta: { type: 'input_json_delta', partial_json: `{"hash":"${hash}"}` },
    }),
  textStart: (index: number) =>
    formatSse('content_block_start', {
      type: 'content_block_start',
      index,
      content_block: { type: 'text', text: '' },
    }),
  textDelta: (index: number, text: string) =>
    formatSse('content_block_delta', {
      type: 'content_block_delta',
      index,
      delta: { type: 'text_delta', text },
    }),
  stop: (index: number) => formatSse('content_block_stop', { type: 'content_block_stop', index }),
  delta: (reason: string) =>
    formatSse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: reason },
      usage: { output_tokens: 5 },
    }),
  end: formatSse('message_stop', { type: 'message_stop' }),
};

function streamAnthropic(
  loop: RetrievalLoop,
  tenant: string,
  call: (body: Buffer) => Promise<UpstreamReply>,
  first: AsyncIterable<Uint8Array>,
): AsyncIterable<string> {
  return loop.completeStream(
    { format: 'anthropic-messages', requestBody: anthropicRequest, tenant, call },
    first,
  );
}

/** A whole Anthropic answer that is one text block. */
function anthropicText(text: string): string[] {
  const e = anthropicEvents;

  return [e.start, e.textStart(0), e.textDelta(0, text), e.stop(0), e.delta('end_turn'), e.end];
}

/** A whole Anthropic answer that calls the retrieval tool, after an optional text block. */
function anthropicRetrievalCall(lead?: string): string[] {
  const e = anthropicEvents;
  const index = lead === undefined ? 0 : 1;
  const before = lead === undefined ? [] : [e.textStart(0), e.textDelta(0, lead), e.stop(0)];

  return [
    e.start,
    ...before,
    e.toolStart(index),
    e.toolDelta(index),
    e.stop(index),
    e.delta('tool_use'),
    e.end,
  ];
}

describe(RetrievalLoop.name, () => {
  describe('completeStream (Anthropic)', () => {
    it('answers the call itself and splices the continuation into one message (BL-03)', async () => {
      const { loop, call, bodies } = setup([
        reply(anthropicText('Row 137 failed: disk quota exceeded')),
      ]);
      const first = stream(anthropicRetrievalCall('Let me look.'));

      const text = await collect(streamAnthropic(loop, 'acme', call, first));

      expect(text.match(/event: message_start/g)).toHaveLength(1);
      expect(text.match(/event: message_stop/g)).toHaveLength(1);
      expect(text).not.toContain(RETRIEVAL_TOOL_NAME);
      expect(text).not.toContain('"tool_use"');
      expect(text).toContain('Row 137 failed');
      expect(text).toContain('"index":1');
      const continuation = JSON.parse(bodies[0]) as {
        messages: { content: { content?: string }[] }[];
      };
      expect(continuation.messages[2].content[0].content).toBe(original);
      expect(bodies[0]).not.toMatch(markerPattern());
    });

    it('audits the model’s call as a full read of every item', async () => {
      const store = new InMemoryOriginalStore();
      await store.save([{ key: hash, content: original, kind: 'json', compressor: 'json' }], {
        tenant: 'acme',
      });
      const loop = new RetrievalLoop(store);
      const replies = [reply(anthropicText('Row 137 failed'))];
      const call = async () => replies.shift() as UpstreamReply;

      await collect(streamAnthropic(loop, 'acme', call, stream(anthropicRetrievalCall())));

      expect(store.auditTrail().filter((entry) => entry.event === 'retrieve')).toEqual([
        expect.objectContaining({
          key: hash,
          actor: 'model',
          retrieval: { type: 'full', queryDigest: null, itemsServed: 300, totalItems: 300 },
        }),
      ]);
    });

    it('passes a stream without retrieval calls through unchanged', async () => {
      const events = anthropicText('hi');
      const { loop, call } = setup([]);

      const text = await collect(streamAnthropic(loop, 'acme', call, stream(events)));

      expect(text).toBe(events.join(''));
    });

    it('answers a foreign tenant with a terminal miss, never the original', async () => {
      const { loop, call, bodies } = setup([reply(anthropicText('No data.'))]);
      const first = stream(anthropicRetrievalCall());

      await collect(streamAnthropic(loop, 'other', call, first));

      expect(bodies[0]).not.toContain('SKU-0299');
      expect(bodies[0]).toContain('Do not call headroom_retrieve for it again');
    });

    it('stops after the round limit and shows no call', async () => {
      const again = () => reply(anthropicRetrievalCall());
      const { loop, call, bodies } = setup([again(), again(), again()]);

      const text = await collect(streamAnthropic(loop, 'acme', call, again().body));

      expect(bodies).toHaveLength(3);
      expect(text).not.toContain(RETRIEVAL_TOOL_NAME);
      expect(text).toContain('"stop_reason":"end_turn"');
    });
  });

  describe('completeStream (OpenAI chat)', () => {
    const chunk = (delta: object, finish: string | null = null) =>
      formatSse(undefined, {
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta, finish_reason: finish }],
      });

    it('holds the retrieval call back and continues in the same stream', async () => {
      const { loop, call, bodies } = setup([
        reply([
          chunk({ role: 'assistant', content: '' }),
          chunk({ content: 'SKU-0299 exists.' }),
          chunk({}, 'stop'),
          'data: [DONE]\n\n',
        ]),
      ]);
      const first = stream([
        chunk({ role: 'assistant', content: null }),
        chunk({
          tool_calls: [
            {
              index: 0,
              id: 'call_1',
              type: 'function',
              function: { name: RETRIEVAL_TOOL_NAME, arguments: '' },
            },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: `{"hash":"${hash}"}` } }] }),
        chunk({}, 'tool_calls'),
        'data: [DONE]\n\n',
      ]);
      const requestBody = Buffer.from(
        JSON.stringify({
          model: 'gpt-4o',
          stream: true,
          messages: [{ role: 'user', content: 'q' }],
        }),
      );

      const text = await collect(
        loop.completeStream({ format: 'openai-chat', requestBody, tenant: 'acme', call }, first),
      );

      expect(text).not.toContain(RETRIEVAL_TOOL_NAME);
      expect(text).not.toContain('tool_calls');
      expect(text).toContain('SKU-0299 exists.');
      expect(text.match(/\[DONE\]/g)).toHaveLength(1);
      expect(text.match(/"role"/g)).toHaveLength(1);
      const continuation = JSON.parse(bodies[0]) as {
        messages: { role: string; content: string }[];
      };
      expect(continuation.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
      expect(continuation.messages[2].content).toBe(original);
    });
  });

  describe('completeStream (OpenAI Responses)', () => {
    const ev = (type: string, data: object) =>
      formatSse(type, { type, sequence_number: 0, ...data });
    const call = {
      type: 'function_call',
      id: 'fc_1',
      call_id: 'f1',
      name: RETRIEVAL_TOOL_NAME,
      arguments: `{"hash":"${hash}"}`,
    };
    const message = (text: string) => ({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text }],
    });

    it('hides the retrieval item, renumbers the continuation and closes once', async () => {
      const {
        loop,
        call: upstream,
        bodies,
      } = setup([
        reply([
          ev('response.created', { response: { id: 'resp_2' } }),
          ev('response.output_item.added', { output_index: 0, item: message('') }),
          ev('response.output_text.delta', {
            output_index: 0,
            content_index: 0,
            delta: 'Row 137 failed.',
          }),
          ev('response.output_item.done', { output_index: 0, item: message('Row 137 failed.') }),
          ev('response.completed', {
            response: { id: 'resp_2', output: [message('Row 137 failed.')] },
          }),
        ]),
      ]);
      const first = stream([
        ev('response.created', { response: { id: 'resp_1' } }),
        ev('response.output_item.added', { output_index: 0, item: message('') }),
        ev('response.output_text.delta', { output_index: 0, content_index: 0, delta: 'Checking.' }),
        ev('response.output_item.done', { output_index: 0, item: message('Checking.') }),
        ev('response.output_item.added', { output_index: 1, item: { ...call, arguments: '' } }),
        ev('response.function_call_arguments.done', { output_index: 1, arguments: call.arguments }),
        ev('response.output_item.done', { output_index: 1, item: call }),
        ev('response.completed', {
          response: { id: 'resp_1', output: [message('Checking.'), call] },
        }),
      ]);
      const requestBody = Buffer.from('{"model":"gpt-4.1","stream":true,"input":"why?"}');

      const text = await collect(
        loop.completeStream(
          { format: 'openai-responses', requestBody, tenant: 'acme', call: upstream },
          first,
        ),
      );
      const events = text
        .split('\n\n')
        .filter(Boolean)
        .map(
          (raw) =>
            JSON.parse(raw.split('data: ')[1]) as {
              type: string;
              output_index?: number;
              sequence_number: number;
              response?: { output: unknown[] };
            },
        );

      expect(text).not.toContain(RETRIEVAL_TOOL_NAME);
      expect(events.filter((e) => e.type === 'response.created')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'response.completed')).toHaveLength(1);
      expect(
        events.filter((e) => e.type === 'response.output_item.added').map((e) => e.output_index),
      ).toEqual([0, 1]);
      expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
      expect(events.at(-1)?.response?.output).toHaveLength(2);
      expect(JSON.parse(bodies[0]).input.at(-1)).toMatchObject({
        type: 'function_call_output',
        output: original,
      });
    });
  });

  describe('when the continuation fails', () => {
    const overloaded = {
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    };

    it('gives a non-streaming client the upstream status and body (BL-15)', async () => {
      const { loop, call } = setup([
        { status: 529, headers: {}, body: stream([JSON.stringify(overloaded)]) },
      ]);
      const first = {
        content: [{ type: 'tool_use', id: 't', name: RETRIEVAL_TOOL_NAME, input: { hash } }],
        stop_reason: 'tool_use',
      };

      const answer = await loop.completeJson(
        { format: 'anthropic-messages', requestBody: anthropicRequest, tenant: 'acme', call },
        Buffer.from(JSON.stringify(first)),
      );

      expect(answer.status).toBe(529);
      expect(JSON.parse(answer.body.toString())).toEqual(overloaded);
    });

    it('ends a stream with an error event of the upstream type, not an empty success', async () => {
      const { loop, call } = setup([
        { status: 529, headers: {}, body: stream([JSON.stringify(overloaded)]) },
      ]);
      const first = stream(anthropicRetrievalCall());

      const text = await collect(streamAnthropic(loop, 'acme', call, first));

      expect(text).toContain('event: error');
      expect(text).toContain('overloaded_error');
      expect(text).not.toContain('message_stop');
      expect(text).not.toContain('end_turn');
    });
  });

  describe('when the store does not answer', () => {
    it('tells the model the original is unavailable instead of waiting', async () => {
      const bodies: string[] = [];
      const store: OriginalStore = {
        save: async () => undefined,
        lookup: () => new Promise<never>(() => undefined),
      };
      const loop = new RetrievalLoop(store);
      const replies = [reply(openAiFinal('sorry'))];
      const call = async (body: Buffer) => {
        bodies.push(body.toString('utf8'));
        return replies.shift() as UpstreamReply;
      };
      const first = {
        id: 'x',
        choices: [
          {
            index: 0,
            finish_reason: 'tool_calls',
            message: {
              role: 'assistant',
              content: null,
              tool_calls: [
                {
                  id: 'c1',
                  type: 'function',
                  function: { name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${hash}"}` },
                },
              ],
            },
          },
        ],
      };

      await loop.completeJson(
        {
          format: 'openai-chat',
          requestBody: Buffer.from('{"model":"m","messages":[]}'),
          tenant: 'acme',
          call,
        },
        Buffer.from(JSON.stringify(first)),
      );

      expect(bodies[0]).toContain('cannot be read right now');
    }, 10_000);
  });

  describe('completeJson', () => {
    it('resolves an OpenAI chat call and returns the final answer', async () => {
      const final = {
        id: 'x',
        choices: [
          { index: 0, message: { role: 'assistant', content: 'done' }, finish_reason: 'stop' },
        ],
      };
      const { loop, call, bodies } = setup([reply(final)]);
      const first = {
        id: 'x',
        choices: [
          {
            index: 0,
            finish_reason: 'tool_calls',
            message: {
              role: 'assistant',
              content: null,
              tool_calls: [
                {
                  id: 'c1',
                  type: 'function',
                  function: { name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${hash}"}` },
                },
              ],
            },
          },
        ],
      };
      const requestBody = Buffer.from(
        '{"model":"gpt-4o","messages":[{"role":"user","content":"q"}]}',
      );

      const body = await loop.completeJson(
        { format: 'openai-chat', requestBody, tenant: 'acme', call },
        Buffer.from(JSON.stringify(first)),
      );

      expect(JSON.parse(body.body.toString())).toEqual(final);
      expect(
        bodies[0].startsWith('{"model":"gpt-4o","messages":[{"role":"user","content":"q"},'),
      ).toBe(true);
    });

    it('strips the retrieval call from a mixed Anthropic turn and keeps the client tool', async () => {
      const { loop, call, bodies } = setup([]);
      const first = {
        content: [
          { type: 'tool_use', id: 't1', name: 'run_tests', input: {} },
          { type: 'tool_use', id: 't2', name: RETRIEVAL_TOOL_NAME, input: { hash } },
        ],
        stop_reason: 'tool_use',
      };

      const body = await loop.completeJson(
        { format: 'anthropic-messages', requestBody: anthropicRequest, tenant: 'acme', call },
        Buffer.from(JSON.stringify(first)),
      );
      const seen = JSON.parse(body.body.toString()) as {
        content: { name: string }[];
        stop_reason: string;
      };

      expect(bodies).toHaveLength(0);
      expect(seen.content.map((block) => block.name)).toEqual(['run_tests']);
      expect(seen.stop_reason).toBe('tool_use');
    });

    it('resolves a Responses function call, turning a string input into items', async () => {
      const final = {
        id: 'resp_2',
        output: [
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] },
        ],
      };
      const { loop, call, bodies } = setup([reply(final)]);
      const first = {
        id: 'resp_1',
        output: [
          {
            type: 'function_call',
            call_id: 'f1',
            name: RETRIEVAL_TOOL_NAME,
            arguments: `{"hash":"${hash}"}`,
          },
        ],
      };
      const requestBody = Buffer.from('{"model":"gpt-4.1","input":"why?"}');

      const body = await loop.completeJson(
        { format: 'openai-responses', requestBody, tenant: 'acme', call },
        Buffer.from(JSON.stringify(first)),
      );

      expect(JSON.parse(body.body.toString())).toEqual(final);
      const continuation = JSON.parse(bodies[0]) as { input: { type?: string; output?: string }[] };
      expect(continuation.input[0]).toEqual({ role: 'user', content: 'why?' });
      expect(continuation.input[2]).toMatchObject({
        type: 'function_call_output',
        call_id: 'f1',
        output: original,
      });
    });
  });
});
