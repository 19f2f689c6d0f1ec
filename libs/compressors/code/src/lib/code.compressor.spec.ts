import { ccrKey, containsMarker, parseMarkers, type CompressInput } from '@headroom/contracts';
import { LANGUAGE_SAMPLES } from '../testing/language-samples';
import { CodeCompressor } from './code.compressor';
import { type GrammarRegistry, sharedGrammars } from './grammar-registry';
import { countSyntaxErrors } from './syntax-check';

const compressor = new CodeCompressor({ minChars: 0 });

function input(text: string, overrides: Partial<CompressInput> = {}): CompressInput {
  return { text, kind: 'code', query: '', lossless: false, ...overrides };
}

async function syntaxErrors(text: string, language: CompressInput['language']) {
  const parser = await sharedGrammars.parserFor(language ?? 'typescript');
  const tree = parser.parse(text);
  if (!tree) {
    throw new Error('no tree');
  }
  try {
    return countSyntaxErrors(tree);
  } finally {
    tree.delete();
  }
}

describe(CodeCompressor.name, () => {
  describe('compress', () => {
    it.each(LANGUAGE_SAMPLES)(
      'keeps the outline of $language and elides bodies',
      async (sample) => {
        const outcome = await compressor.compress(
          input(sample.source, { language: sample.language }),
        );
        if (process.env.SHOW) console.log(outcome.status === 'compressed' ? outcome.text : outcome);

        expect(outcome.status).toBe('compressed');
        if (outcome.status !== 'compressed') return;
        for (const signature of sample.signatures) {
          expect(outcome.text).toContain(signature);
        }
        expect(outcome.text.length).toBeLessThan(sample.source.length);
        expect(outcome.transforms).toContain('code:bodies');
        expect(outcome.originals).toEqual([
          expect.objectContaining({
            key: ccrKey(sample.source),
            content: sample.source,
            kind: 'code',
          }),
        ]);
        expect(parseMarkers(outcome.text).every((m) => m.key === ccrKey(sample.source))).toBe(true);
        expect(await syntaxErrors(outcome.text, sample.language)).toBe(0);
      },
    );

    it.each(LANGUAGE_SAMPLES)('keeps the body the question names in $language', async (sample) => {
      const query = 'Why does settleInvoice / settle_invoice return false?';
      const outcome = await compressor.compress(
        input(sample.source, { language: sample.language, query }),
      );

      expect(outcome.status).toBe('compressed');
      if (outcome.status !== 'compressed') return;
      expect(outcome.text).toContain('x3');
      expect(outcome.text).not.toMatch(/body of (settleInvoice|settle_invoice|SettleInvoice)/);
    });

    it('keeps non-ASCII text intact around elided bodies', async () => {
      const source = [
        '// 請求書の合計 — ünïcödé 😀 header',
        'export const greeting = "こんにちは 🌍";',
        'export function total(values: number[]): number {',
        '  // 合計を計算する 🧮',
        ...Array.from({ length: 8 }, (_, i) => `  const v${i} = values[${i}] ?? 0; // 値 ${i} ✓`),
        '  return v0 + v1;',
        '}',
        'export const farewell = "さようなら 👋 ñ";',
        '',
      ].join('\n');

      const outcome = await compressor.compress(input(source, { language: 'typescript' }));

      expect(outcome.status).toBe('compressed');
      if (outcome.status !== 'compressed') return;
      expect(outcome.text).toContain('// 請求書の合計 — ünïcödé 😀 header');
      expect(outcome.text).toContain('export const greeting = "こんにちは 🌍";');
      expect(outcome.text).toContain('export function total(values: number[]): number {');
      expect(outcome.text).toContain('export const farewell = "さようなら 👋 ñ";');
      expect(outcome.text).not.toContain('合計を計算する');
      expect(await syntaxErrors(outcome.text, 'typescript')).toBe(0);
    });

    it('keeps non-ASCII names and docstrings intact in Python', async () => {
      const source = [
        'def café_total(valeurs):',
        '    """合計を返す — renvoie la somme 😀.',
        '',
        '    Les valeurs négatives sont des remboursements.',
        '    """',
        ...Array.from({ length: 8 }, (_, i) => `    x${i} = valeurs[${i}]  # 値 ${i} ✓`),
        '    return x0',
        '',
        'ÉTIQUETTE = "naïve ✓ 🌍"',
        '',
      ].join('\n');

      const outcome = await compressor.compress(input(source, { language: 'python' }));

      expect(outcome.status).toBe('compressed');
      if (outcome.status !== 'compressed') return;
      expect(outcome.text).toContain(
        'def café_total(valeurs):\n    """合計を返す — renvoie la somme 😀."""\n    ...  # [[headroom:',
      );
      expect(outcome.text).toContain('body of café_total elided');
      expect(outcome.text).toContain('ÉTIQUETTE = "naïve ✓ 🌍"');
      expect(await syntaxErrors(outcome.text, 'python')).toBe(0);
    });

    it('keeps the first line of a Python docstring in an elided body', async () => {
      const sample = LANGUAGE_SAMPLES.find((s) => s.language === 'python');
      const outcome = await compressor.compress(
        input(sample?.source ?? '', { language: 'python' }),
      );

      expect(outcome.status).toBe('compressed');
      if (outcome.status !== 'compressed') return;
      expect(outcome.text).toContain('        """Add every entry."""\n        ...  # [[headroom:');
      expect(outcome.text).toMatch(
        /"""A list of entries\. \[\[headroom:[0-9a-f]{24} docstring trimmed/,
      );
    });

    it.each([
      ['cuts a long doc comment to its first line', '', true],
      ['keeps the doc comment of a function the question names', 'totalOf', false],
    ])('%s', async (_name, query, trimmed) => {
      const sample = LANGUAGE_SAMPLES.find((s) => s.language === 'typescript');
      const outcome = await compressor.compress(
        input(sample?.source ?? '', { language: 'typescript', query }),
      );

      expect(outcome.status).toBe('compressed');
      if (outcome.status !== 'compressed') return;
      expect(/\/\*\* Adds every entry of the ledger\. \[\[headroom:/.test(outcome.text)).toBe(
        trimmed,
      );
      expect(outcome.text.includes('Negative entries are refunds')).toBe(!trimmed);
    });

    it('detects the language when the router gives none', async () => {
      const sample = LANGUAGE_SAMPLES.find((s) => s.language === 'python');
      const outcome = await compressor.compress(input(sample?.source ?? ''));

      expect(outcome.status).toBe('compressed');
    });

    it.each([
      ['lossless-only', input('x'.repeat(5000), { lossless: true, language: 'typescript' })],
      ['too-small', input('function f() { return 1; }', { language: 'typescript' })],
      ['already-compressed', input(`const a = 1; // [[headroom:${ccrKey('a')} x]]\n`.repeat(80))],
      ['unsupported', input('just some words, nothing like code at all.\n'.repeat(80))],
    ] as const)('skips with %s', async (reason, given) => {
      const strict = new CodeCompressor();
      const outcome = await (reason === 'too-small' ? strict : compressor).compress(given);

      expect(outcome).toEqual(expect.objectContaining({ status: 'skipped', reason }));
    });

    it('elides shorter bodies too when a target ratio asks for more', async () => {
      const source = Array.from(
        { length: 20 },
        (_, i) =>
          `export function f${i}(x: number): number {\n` +
          `  return [x, ${i}, 'a long literal that makes this body worth a marker'].length * x;\n}\n`,
      ).join('\n');

      const plain = await compressor.compress(input(source, { language: 'typescript' }));
      const targeted = await compressor.compress(
        input(source, { language: 'typescript', targetRatio: 0.5 }),
      );

      expect(plain).toEqual(expect.objectContaining({ status: 'skipped', reason: 'no-gain' }));
      expect(targeted.status).toBe('compressed');
      if (targeted.status !== 'compressed') return;
      expect(targeted.text).toContain('export function f7(x: number): number { /* [[headroom:');
    });

    it('names an output that would not re-parse as invalid-output, so it is counted (BL-32)', async () => {
      const real = await sharedGrammars.parserFor('typescript');
      // A parser that finds every compressed output broken.
      const grammars = {
        parserFor: async () => ({
          parse: (text: string) => real.parse(containsMarker(text) ? `${text}\n}}` : text),
        }),
      } as unknown as GrammarRegistry;
      const sample = LANGUAGE_SAMPLES[0];

      const outcome = await new CodeCompressor({ minChars: 0, grammars }).compress(
        input(sample.source, { language: 'typescript' }),
      );

      expect(outcome).toEqual({
        status: 'skipped',
        reason: 'invalid-output',
        detail: 'output would not re-parse cleanly',
      });
    });

    it('passes inputs over the size cap through untouched', async () => {
      const sample = LANGUAGE_SAMPLES[0];
      const capped = new CodeCompressor({ minChars: 0, maxChars: sample.source.length - 1 });

      const outcome = await capped.compress(input(sample.source, { language: 'typescript' }));

      expect(outcome).toEqual(
        expect.objectContaining({ status: 'skipped', reason: 'not-compressible' }),
      );
    });

    it('returns the same bytes for the same input', async () => {
      const sample = LANGUAGE_SAMPLES[0];
      const first = await compressor.compress(input(sample.source, { language: 'typescript' }));
      const second = await compressor.compress(input(sample.source, { language: 'typescript' }));

      expect(second).toEqual(first);
    });
  });
});
