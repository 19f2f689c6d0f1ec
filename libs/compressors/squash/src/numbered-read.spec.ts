import { readFileSync } from 'node:fs';
import { createCodeCompressor } from '@headroom/compressor-code';
import { JsonCompressor } from '@headroom/compressor-json';
import {
  type CompressInput,
  ccrKey,
  formatMarker,
  parseMarkers,
  skipped,
} from '@headroom/contracts';
import { corpusPath } from '../test/corpus';
import { numberedReadProblems, routeTo } from '../test/numbered-read-checks';
import { NumberedReadCompressor } from './numbered-read';
import { createSquashers } from './squashers';

type Block = { type?: string; text?: string; content?: unknown };

/** The text of one `tool_result` of a Claude Code session in the corpus: `#message.block`. */
function toolResult(session: string, message: number, block: number): string {
  const body = JSON.parse(readFileSync(corpusPath('agent', 'claude-code', session), 'utf8')) as {
    messages: { content: Block[] }[];
  };
  const content = body.messages[message].content[block].content;

  return typeof content === 'string'
    ? content
    : (content as Block[]).map((part) => part.text ?? '').join('\n');
}

const compressor = new NumberedReadCompressor(
  routeTo([...createSquashers(), createCodeCompressor()]),
);

function input(text: string, overrides: Partial<CompressInput> = {}): CompressInput {
  return { text, kind: 'numbered', query: '', lossless: false, ...overrides };
}

const SESSION_A =
  'fa812bfe-b295-4cca-9c2f-fdf01028cb46/fa812bfe-b295-4cca-9c2f-fdf01028cb46.messages.json';
const SESSION_B =
  '8463c716-a2ea-4c14-9efa-87158ebd9f20/8463c716-a2ea-4c14-9efa-87158ebd9f20.messages.json';
const SESSION_C =
  'ae4a77f8-aedd-4bc1-888f-c94edc91af04/ae4a77f8-aedd-4bc1-888f-c94edc91af04.messages.json';

describe(NumberedReadCompressor.name, () => {
  describe('compress', () => {
    it.each([
      ['an Elixir LiveView, outlined by indentation', SESSION_A, 254, 2, 'outline:bodies', 0.6],
      ['a JavaScript file, through tree-sitter', SESSION_B, 128, 0, 'code:bodies', 0.7],
    ])(
      'compresses %s and keeps every true number',
      async (_name, session, message, block, transform, ratio) => {
        const text = toolResult(session, message, block);

        const outcome = await compressor.compress(input(text));

        expect(outcome.status).toBe('compressed');
        if (outcome.status !== 'compressed') return;
        expect(outcome.transforms).toEqual(['numbered:renumbered', transform]);
        expect(outcome.text.length).toBeLessThan(ratio * text.length);
        expect(numberedReadProblems(text, outcome)).toEqual([]);
        expect(
          parseMarkers(outcome.text).some((marker) => /^lines \d+-\d+ omitted$/.test(marker.note)),
        ).toBe(true);
      },
    );

    it('sends a log printed by cat -n to the log squasher and keeps its numbers', async () => {
      const log = readFileSync(corpusPath('logs', 'Apache', 'Apache_2k.log'), 'utf8');
      const text = log
        .split('\n')
        .slice(0, 600)
        .map((line, index) => `${String(index + 1).padStart(6, ' ')}\t${line}`)
        .join('\n');

      const outcome = await compressor.compress(input(text));

      expect(outcome).toMatchObject({ transforms: ['numbered:renumbered', 'log:templates'] });
      expect(outcome.status === 'compressed' && outcome.text.length).toBeLessThan(text.length / 10);
      expect(numberedReadProblems(text, outcome)).toEqual([]);
    });

    it('folds a one-line body placeholder back into its numbered opening and closing lines', async () => {
      const text = toolResult(SESSION_B, 128, 0);

      const outcome = await compressor.compress(input(text));
      const lines = outcome.status === 'compressed' ? outcome.text.split('\n') : [];
      const opening = lines.indexOf('    11→  mounted() {');

      expect(opening).toBeGreaterThan(0);
      expect(lines[opening + 1]).toMatch(
        /^ {6}→ {4}\[\[headroom:[0-9a-f]{24} lines 12-55 omitted\]\]$/,
      );
      expect(lines[opening + 2]).toBe('    56→  },');
    });

    it('leaves a read alone that nothing shortens enough', async () => {
      const text = toolResult(SESSION_C, 114, 2);

      expect(await compressor.compress(input(text))).toMatchObject({ status: 'skipped' });
    });

    it('leaves JSON Lines alone rather than print them without their numbers', async () => {
      const text = toolResult(SESSION_B, 12, 0);
      const withJson = new NumberedReadCompressor(
        routeTo([new JsonCompressor(), ...createSquashers(), createCodeCompressor()]),
      );

      expect(await withJson.compress(input(text))).toMatchObject({ status: 'skipped' });
    });

    it('keeps a partial read whole up to its last line', async () => {
      const text = toolResult(SESSION_A, 254, 2);
      const lines = text.split('\n');
      // The read cut inside the last function: that body is not known to end.
      const partial = lines.slice(0, Math.floor(lines.length * 0.9)).join('\n');

      const outcome = await compressor.compress(input(partial));

      expect(outcome.status).toBe('compressed');
      if (outcome.status !== 'compressed') return;
      expect(outcome.text.endsWith(lines[Math.floor(lines.length * 0.9) - 1])).toBe(true);
      expect(numberedReadProblems(partial, outcome)).toEqual([]);
    });

    it('keeps the bodies the question names', async () => {
      const text = toolResult(SESSION_A, 254, 2);
      const named = /^ *\d+→ {2}def (handle_event)\b/m.exec(text)?.[1] ?? 'missing';

      const outcome = await compressor.compress(input(text, { query: `why does ${named} crash?` }));
      const plain = await compressor.compress(input(text));

      expect(outcome.status === 'compressed' && plain.status === 'compressed').toBe(true);
      if (outcome.status !== 'compressed' || plain.status !== 'compressed') return;
      expect(outcome.text.length).toBeGreaterThan(plain.text.length);
      expect(numberedReadProblems(text, outcome)).toEqual([]);
    });

    it.each([
      ['marker-free mode', { lossless: true }, 'lossless-only'],
      ['a block under the size floor', { minChars: 1_000_000 }, 'too-small'],
    ])('skips in %s', async (_name, overrides, reason) => {
      const text = toolResult(SESSION_A, 254, 2);

      expect(await compressor.compress(input(text, overrides))).toMatchObject({
        status: 'skipped',
        reason,
      });
    });

    describe('the kind of its content', () => {
      const body = ['import json', '', 'def load(path):', '    return json.load(open(path))']
        .map((line, index) => `${String(index + 1).padStart(6, ' ')}\t${line}`)
        .join('\n');
      const routed = async (text: string, overrides: Partial<CompressInput> = {}) => {
        const seen: CompressInput[] = [];
        const recording = new NumberedReadCompressor(async (inner) => {
          seen.push(inner);
          return skipped('no-gain');
        });
        await recording.compress(input(text, { minChars: 0, ...overrides }));

        return seen[0];
      };

      it('is the kind of the file the tool call named, before a path in the first lines', async () => {
        const text = `Contents of config/settings.json:\n${body}`;
        const sourceKind = { kind: 'code', language: 'typescript' } as const;

        expect(await routed(text, { sourceKind })).toMatchObject(sourceKind);
        expect(await routed(text)).toMatchObject({ kind: 'json' });
        expect(await routed(body)).toMatchObject({ kind: 'code', language: 'python' });
      });

      it('does not hold the content of a read that passed its size floor to it again', async () => {
        expect(await routed(body, { minChars: body.length })).toMatchObject({ minChars: 0 });
      });

      it('does not pass what the call named on to the content compressor', async () => {
        const inner = await routed(body, { sourceKind: { kind: 'code', language: 'python' } });

        expect(inner).not.toHaveProperty('sourceKind');
      });
    });

    it('leaves a read that already carries a marker alone', async () => {
      const text = toolResult(SESSION_A, 254, 2).replace(
        '\n',
        `${formatMarker(ccrKey('elsewhere'), 'old')}\n`,
      );

      expect(await compressor.compress(input(text))).toMatchObject({
        status: 'skipped',
        reason: 'already-compressed',
      });
    });
  });
});
