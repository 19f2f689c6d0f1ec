import {
  type CompressInput,
  type CompressOutcome,
  type LookupResult,
  type OriginalRecord,
  type OriginalStore,
  ccrKey,
  formatMarker,
  parseMarkers,
} from '@headroom/contracts';
import { blockKey, sourceKindOf } from './block-key';
import type { OutcomeCache } from './compression-cache';
import type { CompressorPort, ContentDetector } from './compression.ports';
import { createEmbeddedPipeline } from './embedded-pipeline';
import { RequestPipeline } from './request-pipeline';

class MemoryStore implements OriginalStore {
  readonly saved: OriginalRecord[] = [];

  async save(records: readonly OriginalRecord[]): Promise<void> {
    this.saved.push(...records);
  }

  async lookup(_tenant: string, key: string): Promise<LookupResult> {
    return { status: 'missing', key };
  }
}

/** Keeps the first line and names, in its marker, the kind of file it was told the block is. */
class NamingCompressor implements CompressorPort {
  readonly inputs: CompressInput[] = [];

  async compress(input: CompressInput): Promise<CompressOutcome> {
    this.inputs.push(input);
    const key = ccrKey(input.text);
    const named = input.sourceKind?.language ?? input.sourceKind?.kind ?? 'unnamed';

    return {
      status: 'compressed',
      text: `${input.text.split('\n')[0]}\n${formatMarker(key, `rest of a ${named} file`)}`,
      transforms: ['test:first-line'],
      originals: [{ key, content: input.text, kind: input.kind, compressor: 'test' }],
    };
  }
}

const forgetful: OutcomeCache = { get: () => undefined, remember: (_key, outcome) => outcome };
const detector: ContentDetector = { detect: () => ({ kind: 'log', confidence: 1 }) };
const output = Array.from({ length: 300 }, (_, i) => `line ${i} of a file read twice`).join('\n');

/** One read per path, every one of the same text. */
function chatBody(paths: string[]) {
  return {
    model: 'gpt-4o',
    tools: [{ type: 'function', function: { name: 'read_file' } }],
    messages: [
      { role: 'user', content: 'Compare the two files.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: paths.map((path, index) => ({
          id: `call_${index}`,
          type: 'function',
          function: { name: 'read_file', arguments: JSON.stringify({ path }) },
        })),
      },
      ...paths.map((_, index) => ({
        role: 'tool',
        tool_call_id: `call_${index}`,
        content: output,
      })),
    ],
  };
}

function notes(text: string): string[] {
  const body = JSON.parse(text) as { messages: { role: string; content: string }[] };

  return body.messages
    .filter((message) => message.role === 'tool')
    .map((message) => parseMarkers(message.content)[0]?.note ?? 'uncompressed');
}

describe(sourceKindOf.name, () => {
  it('gives the kind the extension names, and nothing of the path', () => {
    const unit = { path: [], text: '', sourcePath: '/home/someone/secret-project/app.ts' };

    expect(sourceKindOf(unit)).toEqual({ kind: 'code', language: 'typescript' });
    expect(sourceKindOf({ path: [], text: '', sourcePath: 'lib/app.ex' })).toBeUndefined();
    expect(sourceKindOf({ path: [], text: '' })).toBeUndefined();
  });
});

describe(blockKey.name, () => {
  it('keeps the content key of a block no file name says anything about', () => {
    expect(blockKey('abc', undefined)).toBe('abc');
  });

  it('tells apart the same content read as different kinds of file', () => {
    const python = blockKey('abc', { kind: 'code', language: 'python' });
    const typescript = blockKey('abc', { kind: 'code', language: 'typescript' });
    const json = blockKey('abc', { kind: 'json' });

    expect(new Set(['abc', python, typescript, json]).size).toBe(4);
    expect(blockKey('abc', { kind: 'code', language: 'typescript' })).toBe(typescript);
  });
});

describe(RequestPipeline.name, () => {
  const run = (pipeline: RequestPipeline, paths: string[]) =>
    pipeline.run({
      format: 'openai-chat',
      body: Buffer.from(JSON.stringify(chatBody(paths))),
      tenant: 'acme',
      mode: 'default',
      requestId: 'req-1',
    });

  describe('run', () => {
    it('hands the compressor the kind of the file the call named, never its path', async () => {
      const compressors = new NamingCompressor();
      const pipeline = new RequestPipeline({ detector, compressors, store: new MemoryStore() });

      await run(pipeline, ['/home/someone/secret-project/a.py']);

      expect(compressors.inputs).toHaveLength(1);
      expect(compressors.inputs[0].sourceKind).toEqual({ kind: 'code', language: 'python' });
      expect(JSON.stringify(compressors.inputs[0])).not.toContain('secret-project');
    });

    it('compresses the same text read from a.py and a.ts once each, in one request', async () => {
      const compressors = new NamingCompressor();
      const pipeline = new RequestPipeline({ detector, compressors, store: new MemoryStore() });

      const result = await run(pipeline, ['a.py', 'a.ts', 'b.py']);

      expect(notes(result.body.toString('utf8'))).toEqual([
        'rest of a python file',
        'rest of a typescript file',
        'rest of a python file',
      ]);
    });

    it('does not replay in a session what the same text read from another kind of file became', async () => {
      const compressors = new NamingCompressor();
      const pipeline = new RequestPipeline({
        detector,
        compressors,
        store: new MemoryStore(),
        cache: forgetful,
      });

      const first = await run(pipeline, ['a.py']);
      const second = await run(pipeline, ['a.ts']);
      const third = await run(pipeline, ['a.py']);

      expect(notes(first.body.toString('utf8'))).toEqual(['rest of a python file']);
      expect(notes(second.body.toString('utf8'))).toEqual(['rest of a typescript file']);
      expect(third.blocks.map((block) => block.replayed)).toEqual([true]);
      expect(compressors.inputs).toHaveLength(2);
    });
  });

  describe('compressMessages', () => {
    it('keys the compression cache by the kind of file as well as the text', async () => {
      const compressors = new NamingCompressor();
      const pipeline = new RequestPipeline({ detector, compressors, store: new MemoryStore() });
      const compress = (path: string) =>
        pipeline.compressMessages({
          messages: chatBody([path]).messages,
          model: 'gpt-4o',
          tenant: 'acme',
          requestId: 'req-1',
          mode: 'default',
          config: { ccr: true },
        });

      await compress('a.py');
      await compress('other.py');
      const typescript = await compress('a.ts');

      expect(compressors.inputs.map((input) => input.sourceKind?.language)).toEqual([
        'python',
        'typescript',
      ]);
      expect(JSON.stringify(typescript.messages)).toContain('rest of a typescript file');
    });
  });
});

// A read of a short TypeScript file from its middle, as Claude Code prints
// it: no path in its first lines, and content the router takes for JavaScript.
const SHORT_TYPESCRIPT_READ = [
  '',
  '// Nest runs module destroy hooks before it stops the HTTP server, so the drain',
  '// happens first, here: refuse new work, let in-flight requests (streams',
  '// included) finish within the grace period, cut what is left, then close Nest.',
  'async function drainAndClose(',
  '  app: NestFastifyApplication,',
  '  server: Server,',
  '  graceMs: number,',
  '  logger: Logger,',
  '): Promise<void> {',
  '  const startedAt = Date.now();',
  '  app.get(ReadinessService).markDraining();',
  "  logger.log({ msg: 'shutdown: draining', graceMs });",
  '',
  '  const drained = new Promise<void>((resolve) => server.close(() => resolve()));',
  '  // A keep-alive connection turns idle when its last response ends; let it go',
  '  // then rather than at the end of the grace period.',
  '  server.closeIdleConnections();',
  '  const sweeper = setInterval(() => server.closeIdleConnections(), 50);',
  '  const timer = setTimeout(() => server.closeAllConnections(), graceMs);',
  '',
  '  await drained;',
  '  clearInterval(sweeper);',
  '  clearTimeout(timer);',
  '  await app.close();',
  "  logger.log({ msg: 'shutdown: closed', durationMs: Date.now() - startedAt });",
  '}',
  '',
]
  .map((line, index) => `${String(index + 153).padStart(6, ' ')}→${line}`)
  .join('\n');

describe('a numbered read with the real compressors', () => {
  const pipeline = createEmbeddedPipeline({ threads: 0 });

  afterAll(() => pipeline.close());

  const read = async (input: Record<string, unknown>) => {
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      tools: [{ name: 'Read', input_schema: { type: 'object' } }],
      messages: [
        { role: 'user', content: 'How does the gateway shut down?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: SHORT_TYPESCRIPT_READ },
          ],
        },
      ],
    };
    const result = await pipeline.run({
      format: 'anthropic-messages',
      body: Buffer.from(JSON.stringify(body)),
      tenant: 'acme',
      mode: 'default',
      requestId: 'req-1',
    });

    return { result, sent: JSON.stringify(JSON.parse(result.body.toString('utf8')).messages[2]) };
  };

  it('compresses a short TypeScript read by the name of the file the call asked for', async () => {
    const named = await read({ file_path: 'apps/gateway/src/gateway.bootstrap.ts', offset: 153 });
    const unnamed = await read({ file_path: 'apps/gateway/src/gateway.bootstrap' });

    expect(unnamed.result.blocks).toEqual([]);
    expect(unnamed.sent).toContain('server.closeIdleConnections();');
    expect(named.result.blocks).toMatchObject([{ kind: 'numbered', replayed: false }]);
    expect(named.result.transforms).toEqual(['numbered:renumbered', 'code:bodies']);
    expect(named.sent).toContain('async function drainAndClose(');
    expect(named.sent).toMatch(/lines 16\d-17\d omitted/);
    const [block] = named.result.blocks;
    expect(block.tokensAfter).toBeLessThan(block.tokensBefore * 0.6);
  });
});
