import {
  type CompressInput,
  type CompressOutcome,
  type LookupResult,
  type OriginalRecord,
  type OriginalStore,
  RETRIEVAL_TOOL_NAME,
  ccrKey,
  formatMarker,
} from '@headroom/contracts';
import type { CompressorPort } from './compression.ports';
import { RequestPipeline } from './request-pipeline';

class NullStore implements OriginalStore {
  async save(_records: readonly OriginalRecord[]): Promise<void> {
    return undefined;
  }

  async lookup(_tenant: string, key: string): Promise<LookupResult> {
    return { status: 'missing', key };
  }
}

class HalvingCompressor implements CompressorPort {
  calls = 0;

  async compress(input: CompressInput): Promise<CompressOutcome> {
    this.calls += 1;
    if (input.lossless) return { status: 'skipped', reason: 'lossless-only' };
    const key = ccrKey(input.text);

    return {
      status: 'compressed',
      text: `${input.text.slice(0, 200)}${formatMarker(key, `query was: ${input.query}`)}`,
      transforms: ['test:halve'],
      originals: [{ key, content: input.text, kind: 'log', compressor: 'test' }],
    };
  }
}

const output = (n: number) =>
  Array.from({ length: 300 }, (_, i) => `line ${n}.${i} status ok`).join('\n');

function conversation(turns: number, extra: Record<string, unknown> = {}) {
  const messages: unknown[] = [{ role: 'system', content: 'Today is 2026-12-04. Be brief.' }];
  for (let turn = 0; turn < turns; turn += 1) {
    messages.push({ role: 'user', content: `question ${turn}` });
    messages.push({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: `c${turn}`, type: 'function', function: { name: 'sh', arguments: '{}' } }],
    });
    messages.push({ role: 'tool', tool_call_id: `c${turn}`, content: output(turn) });
  }

  return { model: 'gpt-4o', messages, ...extra };
}

function setup() {
  const compressors = new HalvingCompressor();
  const pipeline = new RequestPipeline({
    detector: { detect: () => ({ kind: 'log', confidence: 1 }) },
    compressors,
    store: new NullStore(),
  });
  const run = (body: unknown) =>
    pipeline.run({
      format: 'openai-chat',
      body: Buffer.from(JSON.stringify(body)),
      tenant: 'acme',
      mode: 'default',
      requestId: 'r',
      credentialFingerprint: 'cred-1',
    });

  return { compressors, run };
}

const messagesOf = (bytes: Buffer) =>
  (JSON.parse(bytes.toString('utf8')) as { messages: unknown[] }).messages;

describe('session alignment', () => {
  it('sends every earlier message with the bytes of the previous turn', async () => {
    const { run, compressors } = setup();
    const first = await run(conversation(1));
    const second = await run(conversation(2));

    expect(messagesOf(second.body).slice(0, 4)).toEqual(messagesOf(first.body).slice(0, 4));
    expect(second.prefix).toEqual({ previousItems: 4, stableItems: 4, bust: null });
    expect(compressors.calls).toBe(2);
  });

  it('keeps a block uncompressed when it first went out uncompressed', async () => {
    const { run } = setup();
    const first = await run(conversation(1, { tool_choice: 'none' }));
    const second = await run(conversation(2));

    expect(first.changed).toBe(false);
    expect(messagesOf(second.body)[3]).toEqual(messagesOf(first.body)[3]);
    // The new block needs the retrieval tool: one accepted head change (BL-06).
    expect(second.prefix?.bust?.reason).toBe('head-changed');
    expect(second.retrievalToolInjected).toBe(true);
  });

  it('keeps the retrieval tool once it was sent, in the same place', async () => {
    const { run } = setup();
    const tool = { type: 'function', function: { name: 'sh', parameters: { type: 'object' } } };
    const first = await run(conversation(1, { tools: [tool] }));
    const short = conversation(1, { tools: [tool] });
    (short.messages as { content: string }[])[3].content = 'tiny';
    const second = await run(short);
    const toolsOf = (bytes: Buffer) => (JSON.parse(bytes.toString()) as { tools: unknown[] }).tools;

    expect(first.retrievalToolInjected).toBe(true);
    expect(second.retrievalToolInjected).toBe(true);
    expect(JSON.stringify(toolsOf(second.body))).toBe(JSON.stringify(toolsOf(first.body)));
    expect(JSON.stringify(toolsOf(second.body))).toContain(RETRIEVAL_TOOL_NAME);
  });

  it('names the client as the cause when the client edits history', async () => {
    const { run } = setup();
    await run(conversation(2));
    const edited = conversation(3);
    (edited.messages as { content: string }[])[1].content = 'question 0, rephrased';

    const result = await run(edited);

    expect(result.prefix?.bust).toEqual({ reason: 'client-edited-history', index: 1 });
  });

  it('reports dynamic values found in the system prompt', async () => {
    const { run } = setup();

    const result = await run(conversation(1));

    expect(result.dynamicContent).toEqual(['date']);
  });
});
