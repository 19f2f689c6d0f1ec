import { createHash } from 'node:crypto';
import {
  type CompressInput,
  type CompressOutcome,
  HeadroomError,
  type LookupResult,
  type OriginalMetadata,
  type OriginalRecord,
  type OriginalStore,
  RETRIEVAL_TOOL_NAME,
  ccrKey,
  formatMarker,
  parseMarkers,
} from '@headroom/contracts';
import type { CompressorPort, ContentDetector } from './compression.ports';
import type { PipelineRequest } from './pipeline.types';
import { RequestPipeline } from './request-pipeline';

class RecordingStore implements OriginalStore {
  readonly saved: OriginalRecord[] = [];
  failing = false;

  async save(records: readonly OriginalRecord[], _metadata: OriginalMetadata): Promise<void> {
    if (this.failing) throw new Error('disk full');
    this.saved.push(...records);
  }

  async lookup(_tenant: string, key: string): Promise<LookupResult> {
    return { status: 'missing', key };
  }
}

/** Keeps the first line of a block and drops the rest behind a marker. */
class FirstLineCompressor implements CompressorPort {
  readonly inputs: CompressInput[] = [];

  async compress(input: CompressInput): Promise<CompressOutcome> {
    this.inputs.push(input);
    const key = ccrKey(input.text);
    const lines = input.text.split('\n');
    const note = `${lines.length - 1} lines omitted (query ${input.query.length})`;
    if (input.lossless) return { status: 'skipped', reason: 'lossless-only' };

    return {
      status: 'compressed',
      text: `${lines[0]}\n${formatMarker(key, note)}`,
      transforms: ['test:first-line'],
      originals: [{ key, content: input.text, kind: 'log', compressor: 'test' }],
    };
  }
}

const detector: ContentDetector = { detect: () => ({ kind: 'log', confidence: 1 }) };
const bigLog = Array.from({ length: 400 }, (_, i) => `2026-01-05T10:00:${i} INFO ok ${i}`).join(
  '\n',
);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function chatBody(extra: Record<string, unknown> = {}) {
  return {
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Why did the job fail?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'logs', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: bigLog },
    ],
    ...extra,
  };
}

function setup() {
  const store = new RecordingStore();
  const compressors = new FirstLineCompressor();
  const pipeline = new RequestPipeline({ detector, compressors, store });
  const run = (body: unknown, overrides: Partial<PipelineRequest> = {}, raw?: string) =>
    pipeline.run({
      format: 'openai-chat',
      body: Buffer.from(raw ?? JSON.stringify(body, null, 2)),
      tenant: 'acme',
      mode: 'default',
      requestId: 'req-1',
      ...overrides,
    });

  return { store, compressors, pipeline, run };
}

describe(RequestPipeline.name, () => {
  describe('run', () => {
    it('returns the client bytes themselves when nothing is compressible', async () => {
      const { run } = setup();
      const raw =
        '{ "model":"gpt-4o", "temperature":1.0, "messages":[{"content":"caf\\u00e9","role":"user"}] }';

      const result = await run(undefined, {}, raw);

      expect(result.changed).toBe(false);
      expect(sha(result.body)).toBe(sha(Buffer.from(raw)));
    });

    it('rewrites only the tool output and appends the retrieval tool', async () => {
      const { run, store } = setup();
      const body = chatBody({ tools: [{ type: 'function', function: { name: 'logs' } }] });
      const raw = JSON.stringify(body, null, 2);

      const result = await run(body);
      const text = result.body.toString('utf8');
      const forwarded = JSON.parse(text) as ReturnType<typeof chatBody> & { tools: unknown[] };

      expect(result.changed).toBe(true);
      expect(forwarded.messages.slice(0, 3)).toEqual(body.messages.slice(0, 3));
      expect(text.slice(0, raw.indexOf('"role": "tool"'))).toBe(
        raw.slice(0, raw.indexOf('"role": "tool"')),
      );
      const marker = parseMarkers(String(forwarded.messages[3].content))[0];
      expect(store.saved.map((record) => record.key)).toEqual([marker.key]);
      expect(store.saved[0].content).toBe(bigLog);
      expect(forwarded.tools).toHaveLength(2);
      expect(JSON.stringify(forwarded.tools[1])).toContain(RETRIEVAL_TOOL_NAME);
      expect(result.retrievalToolInjected).toBe(true);
      expect(result.tokensAfter).toBeLessThan(result.tokensBefore);
    });

    it('reports what its in-process caches hold after a compressed turn', async () => {
      const { run, pipeline } = setup();
      expect(pipeline.cacheOccupancy()).toEqual([
        { cache: 'compression', entries: 0, bytes: 0 },
        { cache: 'sessions', entries: 0, bytes: 0 },
      ]);

      await run(chatBody());
      const [compression, sessions] = pipeline.cacheOccupancy();

      expect(compression).toEqual({
        cache: 'compression',
        entries: 1,
        bytes: expect.any(Number) as number,
      });
      // The outcome keeps its original: at least the log's text, two bytes a unit.
      expect(compression.bytes).toBeGreaterThan(2 * bigLog.length);
      expect(sessions.entries).toBe(1);
      expect(sessions.bytes).toBeGreaterThan(0);
    });

    it('adds a tools field when the request had none', async () => {
      const { run } = setup();

      const result = await run(chatBody());
      const forwarded = JSON.parse(result.body.toString('utf8')) as { tools: unknown[] };

      expect(forwarded.tools).toHaveLength(1);
    });

    it('keeps the retrieval tool in a session only for requests with tools of their own', async () => {
      const { run } = setup();
      const tools = [{ type: 'function', function: { name: 'logs' } }];
      const unrelated = (extra: Record<string, unknown>) => ({
        model: 'gpt-4o',
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'Something else entirely?' },
        ],
        ...extra,
      });
      const raw = JSON.stringify(unrelated({}), null, 2);

      expect((await run(chatBody())).retrievalToolInjected).toBe(true);
      const plain = await run(unrelated({}));
      expect(plain.retrievalToolInjected).toBe(false);
      expect(plain.body.toString('utf8')).toBe(raw);

      expect((await run(chatBody({ tools }))).retrievalToolInjected).toBe(true);
      expect((await run(unrelated({ tools }))).retrievalToolInjected).toBe(true);
      expect((await run(unrelated({ tools, tool_choice: 'none' }))).retrievalToolInjected).toBe(
        false,
      );
    });

    it("never answers one tenant's block from another tenant's cached outcome (BL-38)", async () => {
      const { run, compressors } = setup();

      await run(chatBody());
      await run(chatBody());
      expect(compressors.inputs).toHaveLength(1);

      await run(chatBody(), { tenant: 'globex' });
      expect(compressors.inputs).toHaveLength(2);
    });

    it('reports a block whose compressor rejected its own output, never skipping it quietly (BL-32)', async () => {
      const { pipeline, compressors } = setup();
      compressors.compress = async () => ({
        status: 'skipped',
        reason: 'invalid-output',
        detail: 'output would not re-parse cleanly',
      });
      const raw = JSON.stringify(chatBody());

      const result = await pipeline.run({
        format: 'openai-chat',
        body: Buffer.from(raw),
        tenant: 'acme',
        mode: 'default',
        requestId: 'req-1',
      });

      expect(result.body.toString('utf8')).toBe(raw);
      expect(result.failures).toEqual([
        {
          compressor: 'log',
          reason: 'invalid-output',
          message: 'output would not re-parse cleanly',
        },
      ]);
    });

    it('forwards uncompressed when the originals cannot be stored', async () => {
      const { run, store } = setup();
      store.failing = true;
      const body = chatBody();

      const result = await run(body);

      expect(result.changed).toBe(false);
      expect(result.body.toString('utf8')).toBe(JSON.stringify(body, null, 2));
      expect(result.failures).toEqual([
        { compressor: 'ccr', reason: 'storage', message: 'disk full' },
      ]);
    });

    it('allows only lossless work when the model cannot call tools', async () => {
      const { run, compressors } = setup();

      const result = await run(chatBody({ tool_choice: 'none' }));

      expect(result.changed).toBe(false);
      expect(compressors.inputs[0].lossless).toBe(true);
    });

    it('never replays a marker into a turn that must stay lossless, in a session that had one (break-it)', async () => {
      const { run } = setup();
      const first = await run(chatBody(), { sessionId: 's-lossless' });
      expect(parseMarkers(first.body.toString('utf8'))).toHaveLength(1);

      for (const [extra, overrides] of [
        [{ tool_choice: 'none' }, {}],
        [{}, { mode: 'lossless' as const }],
      ] as const) {
        const later = await run(chatBody(extra), { sessionId: 's-lossless', ...overrides });
        const text = later.body.toString('utf8');

        expect(parseMarkers(text)).toEqual([]);
        expect(text).toContain(bigLog.split('\n')[399]);
        expect(later.retrievalToolInjected).toBe(false);
      }
    });

    it('never compresses the result of a retrieval call', async () => {
      const { run, compressors } = setup();
      const body = chatBody();
      body.messages[2].tool_calls = [
        { id: 'c1', type: 'function', function: { name: RETRIEVAL_TOOL_NAME, arguments: '{}' } },
      ];

      const result = await run(body);

      expect(result.changed).toBe(false);
      expect(compressors.inputs).toHaveLength(0);
      expect(result.body.toString('utf8')).toContain(bigLog.split('\n')[399]);
      expect(result.retrievalToolInjected).toBe(false);
    });

    it('replays the first compression of a block on later turns', async () => {
      const { run } = setup();
      const first = await run(chatBody());
      const next = chatBody();
      next.messages.push({ role: 'user', content: 'And which host was it on, exactly?' });

      const second = await run(next);
      const toolContent = (bytes: Buffer) =>
        (JSON.parse(bytes.toString('utf8')) as ReturnType<typeof chatBody>).messages[3].content;

      expect(toolContent(second.body)).toBe(toolContent(first.body));
    });

    it('edits Anthropic tool_result blocks and keeps the system prompt', async () => {
      const { run } = setup();
      const body = {
        model: 'claude-sonnet-4-5',
        system: [{ type: 'text', text: 'terse', cache_control: { type: 'ephemeral' } }],
        messages: [
          { role: 'user', content: 'why?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'logs', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: bigLog }] },
        ],
      };

      const result = await run(body, { format: 'anthropic-messages' });
      const forwarded = JSON.parse(result.body.toString('utf8')) as {
        system: unknown;
        messages: { content: { content: string }[] }[];
        tools: { name: string }[];
      };

      expect(forwarded.system).toEqual(body.system);
      expect(parseMarkers(forwarded.messages[2].content[0].content)).toHaveLength(1);
      expect(forwarded.tools.map((tool) => tool.name)).toEqual([RETRIEVAL_TOOL_NAME]);
    });

    it('edits Responses function_call_output items', async () => {
      const { run } = setup();
      const body = {
        model: 'gpt-4.1',
        input: [
          { role: 'user', content: 'why?' },
          { type: 'function_call', call_id: 'f1', name: 'logs', arguments: '{}' },
          { type: 'function_call_output', call_id: 'f1', output: bigLog },
        ],
      };

      const result = await run(body, { format: 'openai-responses' });
      const forwarded = JSON.parse(result.body.toString('utf8')) as {
        input: { output?: string }[];
      };

      expect(parseMarkers(forwarded.input[2].output ?? '')).toHaveLength(1);
    });

    it('rejects bodies that are not JSON objects with a client error', async () => {
      const { run } = setup();

      await expect(run(undefined, {}, '{"model":')).rejects.toMatchObject({ code: 'invalid_json' });
      await expect(run(undefined, {}, '[1,2]')).rejects.toBeInstanceOf(HeadroomError);
    });

    it('forwards passthrough bodies without reading them', async () => {
      const { run } = setup();
      const raw = 'not even json';

      const result = await run(undefined, { mode: 'passthrough' }, raw);

      expect(result.body.toString()).toBe(raw);
    });

    it('forwards invalid UTF-8 byte for byte', async () => {
      const { pipeline } = setup();
      const body = Buffer.concat([
        Buffer.from('{"model":"gpt-4o","messages":[{"role":"tool","content":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(`${bigLog.replace(/\n/g, '\\n')}"}]}`),
      ]);

      const result = await pipeline.run({
        format: 'openai-chat',
        body,
        tenant: 'acme',
        mode: 'default',
        requestId: 'r',
      });

      expect(result.body.equals(body)).toBe(true);
    });
  });
});

describe('policy', () => {
  it('never touches the output of a tool the policy protects', async () => {
    const store = new RecordingStore();
    const compressors = new FirstLineCompressor();
    const { CompressionPolicy } = await import('./policy/compression-policy');
    const pipeline = new RequestPipeline({
      detector,
      compressors,
      store,
      policy: CompressionPolicy.parse({ tools: [{ match: 'lo*', neverTouch: true }] }),
    });

    const result = await pipeline.run({
      format: 'openai-chat',
      body: Buffer.from(JSON.stringify(chatBody())),
      tenant: 'acme',
      mode: 'default',
      requestId: 'r',
    });

    expect(compressors.inputs).toHaveLength(0);
    expect(JSON.parse(result.body.toString()).messages[3].content).toBe(bigLog);
  });
});

describe('compressMessages', () => {
  it('never reports a loss: the retrieval tool is not part of what it returns (BL-23)', async () => {
    const { pipeline } = setup();

    const result = await pipeline.compressMessages({
      messages: chatBody().messages,
      model: 'gpt-4o',
      tenant: 'acme',
      mode: 'default',
      requestId: 'r',
      config: { ccr: true },
    });

    expect(result.ccr_hashes).toHaveLength(1);
    expect(result.tokens_saved).toBe(result.tokens_before - result.tokens_after);
    expect(result.tokens_saved).toBeGreaterThan(0);
  });

  it('is marker-free unless the caller can redeem markers (BL-04)', async () => {
    const { pipeline } = setup();

    const result = await pipeline.compressMessages({
      messages: chatBody().messages,
      model: 'gpt-4o',
      tenant: 'acme',
      mode: 'default',
      requestId: 'r',
    });

    expect(result.ccr_hashes).toEqual([]);
    expect(JSON.stringify(result.messages)).not.toContain('[[headroom:');
  });
});

describe('a store that hangs', () => {
  it('costs at most the store timeout, and the block goes out uncompressed', async () => {
    const hanging: OriginalStore = {
      save: () => new Promise<void>(() => undefined),
      lookup: async (_tenant, key) => ({ status: 'missing', key }),
    };
    const pipeline = new RequestPipeline({
      detector,
      compressors: new FirstLineCompressor(),
      store: hanging,
      storeTimeoutMs: 50,
    });

    const result = await pipeline.run({
      format: 'openai-chat',
      body: Buffer.from(JSON.stringify(chatBody())),
      tenant: 'acme',
      mode: 'default',
      requestId: 'r',
    });

    expect(result.changed).toBe(false);
    expect(result.failures[0]).toMatchObject({
      reason: 'storage',
      message: expect.stringMatching(/50 ms/),
    });
  });
});

describe('token counting off the event loop', () => {
  it('asks the port to count long texts and uses its counts', async () => {
    class CountingCompressor extends FirstLineCompressor {
      readonly counted: number[] = [];

      async countTokens(_tokenizer: string, texts: string[]): Promise<number[]> {
        this.counted.push(...texts.map((text) => text.length));
        return texts.map(() => 100_000);
      }
    }
    const compressors = new CountingCompressor();
    const pipeline = new RequestPipeline({ detector, compressors, store: new RecordingStore() });
    const body = chatBody();
    body.messages[3].content = bigLog.repeat(8);

    const result = await pipeline.run({
      format: 'openai-chat',
      body: Buffer.from(JSON.stringify(body)),
      tenant: 'acme',
      mode: 'default',
      requestId: 'r',
    });

    expect(compressors.counted).toContain(bigLog.repeat(8).length);
    expect(result.tokensBefore).toBeGreaterThanOrEqual(100_000);
  });
});
