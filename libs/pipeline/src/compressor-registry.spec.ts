import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InMemoryOriginalStore } from '@headroom/ccr';
import { parseMarkers } from '@headroom/contracts';
import { CORPUS_DIR } from '../test/corpus-conversations';
import { CompressorRegistry } from './compressor-registry';
import { defaultCompressors } from './default-compressors';
import { createEmbeddedPipeline } from './embedded-pipeline';

type Block = { type?: string; text?: string; content?: unknown; tool_use_id?: string };

// A Claude Code Read of an Elixir LiveView from the corpus (10 KB, 300 lines).
const SESSION = 'fa812bfe-b295-4cca-9c2f-fdf01028cb46';

function elixirRead(): string {
  const path = join(CORPUS_DIR, 'agent', 'claude-code', SESSION, `${SESSION}.messages.json`);
  const body = JSON.parse(readFileSync(path, 'utf8')) as { messages: { content: Block[] }[] };
  const content = body.messages[254].content[2].content;

  return typeof content === 'string' ? content : ((content as Block[])[0].text ?? '');
}

describe(CompressorRegistry.name, () => {
  describe('compress', () => {
    it('unwraps a numbered read and routes its content by its own kind', async () => {
      const registry = new CompressorRegistry(defaultCompressors());
      const text = elixirRead();

      const outcome = await registry.compress({
        text,
        kind: 'numbered',
        query: '',
        lossless: false,
      });

      expect(outcome).toMatchObject({ status: 'compressed' });
      if (outcome.status !== 'compressed') return;
      expect(outcome.transforms[0]).toBe('numbered:renumbered');
      expect(outcome.originals.map((original) => original.content)).toEqual([text]);
    });
  });
});

describe('a numbered read through the embedded pipeline', () => {
  it('stores the read as the tool printed it before the marker goes out', async () => {
    const store = new InMemoryOriginalStore();
    const pipeline = createEmbeddedPipeline({ store });
    const text = elixirRead();
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [
        { role: 'user', content: 'Read the session live view.' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'x.ex' } }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: text }] },
      ],
    };

    const result = await pipeline.run({
      format: 'anthropic-messages',
      body: Buffer.from(JSON.stringify(body)),
      tenant: 'acme',
      mode: 'default',
      requestId: 'req-numbered',
    });
    const sent = JSON.parse(result.body.toString('utf8')) as typeof body;
    const shown = String((sent.messages[2].content[0] as Block).content);
    const [marker] = parseMarkers(shown);
    const stored = await store.lookup('acme', marker.key);

    expect(result.changed).toBe(true);
    expect(shown).toContain('     1→defmodule');
    expect(marker.note).toMatch(/^lines \d+-\d+ omitted$/);
    expect(stored).toMatchObject({ status: 'found', original: { content: text } });
  });
});
