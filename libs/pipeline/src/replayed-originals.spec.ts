import { InMemoryOriginalStore, RetentionPolicy } from '@headroom/ccr';
import {
  type CompressInput,
  type CompressOutcome,
  type LookupResult,
  type OriginalMetadata,
  type OriginalRecord,
  type OriginalStore,
  ccrKey,
  formatMarker,
  parseMarkers,
} from '@headroom/contracts';
import type { CompressorPort, ContentDetector } from './compression.ports';
import type { OutcomeCache } from './compression-cache';
import type { PipelineOptions } from './pipeline-options';
import { RequestPipeline } from './request-pipeline';

const TTL_SECONDS = 4;
const detector: ContentDetector = { detect: () => ({ kind: 'log', confidence: 1 }) };
const bigLog = Array.from({ length: 300 }, (_, i) => `2026-01-05T10:00:${i} INFO ok ${i}`).join(
  '\n',
);

/** Keeps the first line and a marker; `edition` changes the note, so the output. */
class FirstLineCompressor implements CompressorPort {
  calls = 0;
  edition = 1;

  async compress(input: CompressInput): Promise<CompressOutcome> {
    this.calls += 1;
    const key = ccrKey(input.text);
    const note = `edition ${this.edition}, ${input.text.split('\n').length - 1} lines omitted`;

    return {
      status: 'compressed',
      text: `${input.text.split('\n')[0]}\n${formatMarker(key, note)}`,
      transforms: ['test:first-line'],
      originals: [{ key, content: input.text, kind: 'log', compressor: 'test' }],
    };
  }
}

// The outcome cache is bounded and may have let the block go: every turn here
// reaches the compressor, as after an eviction or in another replica.
const forgetfulCache: OutcomeCache = {
  get: () => undefined,
  remember: (_key, outcome) => outcome,
};

/** The port without `refresh`, as a store written before it. */
class PlainStore implements OriginalStore {
  readonly saved: OriginalRecord[] = [];

  async save(records: readonly OriginalRecord[], _metadata: OriginalMetadata): Promise<void> {
    this.saved.push(...records);
  }

  async lookup(_tenant: string, key: string): Promise<LookupResult> {
    return { status: 'missing', key };
  }
}

function chatBody(turn: number, blocks: number) {
  const messages: Record<string, unknown>[] = [{ role: 'user', content: 'Why did the job fail?' }];
  for (let n = 1; n <= blocks; n += 1) {
    const id = `c${n}`;
    messages.push(
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id, type: 'function', function: { name: 'logs', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: id, content: n === 1 ? bigLog : `${bigLog}\nrun ${n}` },
    );
  }
  if (turn > 1) messages.push({ role: 'user', content: `Turn ${turn}: which host was it?` });

  return {
    model: 'gpt-4o',
    messages,
    tools: [{ type: 'function', function: { name: 'logs', parameters: { type: 'object' } } }],
  };
}

function setup(overrides: Partial<PipelineOptions> = {}) {
  let now = new Date('2026-12-01T00:00:00Z');
  const clock = () => now;
  const store = new InMemoryOriginalStore({ retention: new RetentionPolicy(TTL_SECONDS), clock });
  const compressors = new FirstLineCompressor();
  const failures: string[] = [];
  const pipeline = new RequestPipeline({
    detector,
    compressors,
    store,
    cache: forgetfulCache,
    onFailure: (failure) => failures.push(`${failure.compressor}:${failure.reason}`),
    ...overrides,
  });
  const run = (turn: number, blocks = 1) =>
    pipeline.run({
      format: 'openai-chat',
      body: Buffer.from(JSON.stringify(chatBody(turn, blocks))),
      tenant: 'acme',
      mode: 'default',
      requestId: `req-${turn}`,
      sessionId: 'session-x',
    });
  const wait = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1_000);
  };

  return { store, compressors, failures, run, wait };
}

const toolText = (body: Buffer) =>
  (JSON.parse(body.toString('utf8')) as { messages: { content: string }[] }).messages[2].content;

describe(RequestPipeline.name, () => {
  describe('replaying a block whose marker names an original', () => {
    it('stores an expired and purged original again and replays the same bytes', async () => {
      const { store, run, wait } = setup();
      const first = await run(1);
      const [marker] = parseMarkers(toolText(first.body));
      wait(9);
      await store.purgeExpired();
      expect(await store.lookup('acme', marker.key)).toMatchObject({ status: 'expired' });
      const save = jest.spyOn(store, 'save');

      const second = await run(2);

      expect(toolText(second.body)).toBe(toolText(first.body));
      expect(second.blocks).toMatchObject([{ replayed: true }]);
      expect(second.ccrKeys).toEqual([marker.key]);
      expect(save).toHaveBeenCalledTimes(1);
      const found = await store.lookup('acme', marker.key);
      expect(found.status === 'found' && found.original.content).toBe(bigLog);
    });

    it('only slides the expiry of an original that is still live', async () => {
      const { store, compressors, run, wait } = setup();
      const first = await run(1);
      const [marker] = parseMarkers(toolText(first.body));
      const save = jest.spyOn(store, 'save');
      const refresh = jest.spyOn(store, 'refresh');
      wait(3);

      const second = await run(2);
      wait(3);

      expect(toolText(second.body)).toBe(toolText(first.body));
      expect(refresh).toHaveBeenCalledWith('acme', [marker.key]);
      expect(save).not.toHaveBeenCalled();
      expect(compressors.calls).toBe(1);
      expect(second.ccrKeys).toEqual([]);
      // Six seconds after it was stored, alive because turn 2 used it at three.
      expect(await store.lookup('acme', marker.key)).toMatchObject({ status: 'found' });
    });

    it('sends the new compression when the block no longer compresses to the replayed bytes', async () => {
      const { store, compressors, run, wait } = setup();
      const first = await run(1);
      wait(9);
      await store.purgeExpired();
      compressors.edition = 2;

      const second = await run(2);
      const text = toolText(second.body);
      const [marker] = parseMarkers(text);

      expect(text).not.toBe(toolText(first.body));
      expect(marker.note).toContain('edition 2');
      expect(await store.lookup('acme', marker.key)).toMatchObject({ status: 'found' });
      // The session learned the new bytes: turn 3 replays them.
      const third = await run(3);
      expect(toolText(third.body)).toBe(text);
      expect(third.blocks).toMatchObject([{ replayed: true }]);
    });

    it('sends the block uncompressed, counted, when the refresh fails', async () => {
      const { store, failures, run } = setup();
      await run(1);
      jest.spyOn(store, 'refresh').mockRejectedValue(new Error('database is locked'));

      const second = await run(2);

      expect(toolText(second.body)).toBe(bigLog);
      expect(second.failures).toMatchObject([{ compressor: 'ccr', reason: 'storage' }]);
      expect(failures).toEqual(['ccr:storage']);
    });

    it('gives up on a refresh that outlasts the storage deadline', async () => {
      const { store, run } = setup({ storeTimeoutMs: 20 });
      await run(1);
      jest.spyOn(store, 'refresh').mockReturnValue(new Promise(() => undefined));

      const second = await run(2);

      expect(toolText(second.body)).toBe(bigLog);
      expect(second.failures[0].message).toContain('refreshing originals');
    });

    it('refreshes every replayed block of a request in one call', async () => {
      const { store, run } = setup();
      await run(1, 3);
      const refresh = jest.spyOn(store, 'refresh');

      await run(2, 3);

      expect(refresh).toHaveBeenCalledTimes(1);
      expect(new Set(refresh.mock.calls[0][1]).size).toBe(3);
    });

    it('leaves replays as they are with a store that cannot refresh', async () => {
      const store = new PlainStore();
      const { run } = setup({ store });
      const first = await run(1);

      const second = await run(2);

      expect(toolText(second.body)).toBe(toolText(first.body));
      expect(store.saved).toHaveLength(1);
    });
  });
});
