import { readFileSync, readdirSync } from 'node:fs';
import {
  type CompressInput,
  type CompressOutcome,
  ccrKey,
  parseMarkers,
} from '@headroom/contracts';
import { countTokens as countO200k } from 'gpt-tokenizer/cjs/encoding/o200k_base';
import { corpusPath } from '../test/corpus';
import { JsonCompressor } from './json-compressor';
import type { JsonValue } from './json-value.types';

const compressor = new JsonCompressor();
const countTokens = (text: string): number =>
  countO200k(text, { disallowedSpecial: new Set<string>() });

function run(text: string, overrides: Partial<CompressInput> = {}): CompressOutcome {
  return compressor.compress({ text, kind: 'json', query: '', lossless: false, ...overrides });
}

function compressedText(outcome: CompressOutcome): string {
  if (outcome.status !== 'compressed') {
    throw new Error(`expected compression, got ${outcome.reason}`);
  }

  return outcome.text;
}

function rows(
  count: number,
): { id: number; sku: string; qty: number; status: string; note?: string }[] {
  return Array.from({ length: count }, (_, id) =>
    id === 137
      ? {
          id,
          sku: `SKU-${String(id).padStart(4, '0')}`,
          qty: id % 7,
          status: 'error',
          note: 'disk quota exceeded',
        }
      : { id, sku: `SKU-${String(id).padStart(4, '0')}`, qty: id % 7, status: 'ok' },
  );
}

/** Arrays of 100 or more records anywhere in a document. */
function largeRecordArrays(value: JsonValue, found: JsonValue[][] = []): JsonValue[][] {
  if (Array.isArray(value)) {
    if (
      value.length >= 100 &&
      value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))
    ) {
      found.push(value);
    }
    value.forEach((item) => largeRecordArrays(item, found));
  } else if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach((item) => largeRecordArrays(item, found));
  }

  return found;
}

describe(JsonCompressor.name, () => {
  describe('guards', () => {
    it('returns small content untouched as too-small (BL-11)', () => {
      const task = {
        ...Object.fromEntries(Array.from({ length: 15 }, (_, index) => [`field${index}`, null])),
        tags: '["backend","urgent"]',
        subtasks: [{ id: 1, title: 'write tests' }],
        status: 'done',
      };

      expect(run(JSON.stringify(task, null, 2))).toEqual({
        status: 'skipped',
        reason: 'too-small',
      });
    });

    it('keeps every non-null field when a small object is compressed anyway', () => {
      const task = {
        a: null,
        b: null,
        tags: '["backend","urgent"]',
        subtasks: [{ id: 1, title: 'write tests' }],
        status: 'done',
      };
      const outcome = run(JSON.stringify(task, null, 4), { minChars: 10 });

      expect(JSON.parse(compressedText(outcome))).toEqual(task);
    });

    it('honours a per-call minimum size', () => {
      expect(run(JSON.stringify(rows(300)), { minChars: 1_000_000 })).toMatchObject({
        reason: 'too-small',
      });
    });

    it('leaves content that already carries a marker alone', () => {
      const once = compressedText(run(JSON.stringify(rows(300))));

      expect(run(once)).toMatchObject({ status: 'skipped', reason: 'already-compressed' });
    });

    it('reports text that is not JSON as unsupported', () => {
      expect(run('not json '.repeat(200))).toMatchObject({
        status: 'skipped',
        reason: 'unsupported',
      });
    });
  });

  describe('record arrays', () => {
    it('keeps the error row, first and last rows, and counts the omitted rows exactly', () => {
      const input = JSON.stringify(rows(300));
      const outcome = run(input);
      const text = compressedText(outcome);
      const markers = parseMarkers(text);

      expect(text).toContain('disk quota exceeded');
      expect(text).toContain('SKU-0000');
      expect(text).toContain('SKU-0299');
      expect(markers).toHaveLength(1);
      const kept = outcome.status === 'compressed' ? (outcome.originals[0].keptCount ?? 0) : 0;
      expect(markers[0].note).toContain(`${300 - kept} of 300 items omitted`);
      expect(outcome).toMatchObject({
        originals: [{ key: ccrKey(input), content: input, itemCount: 300 }],
      });
    });

    it('returns the exact source text of a nested array as its original', () => {
      const items = JSON.stringify(rows(300), null, 2);
      const input = `{\n  "page": 1,\n  "items": ${items},\n  "next": null\n}`;
      const outcome = run(input);

      expect(outcome).toMatchObject({
        originals: [{ key: ccrKey(items), content: items, itemCount: 300 }],
      });
      expect(parseMarkers(compressedText(outcome))[0].key).toBe(ccrKey(items));
    });

    it('keeps rows that match the question', () => {
      const text = compressedText(
        run(JSON.stringify(rows(300)), { query: 'what happened to SKU-0211?' }),
      );

      expect(text).toContain('SKU-0211');
    });

    it('uses only the lossless table in lossless mode', () => {
      const input = JSON.stringify(rows(300), null, 2);
      const outcome = run(input, { lossless: true });
      const text = compressedText(outcome);

      expect(parseMarkers(text)).toEqual([]);
      expect(outcome).toMatchObject({ originals: [] });
      const table = JSON.parse(text) as {
        columns: string[];
        constant?: Record<string, unknown>;
        rows: unknown[][];
      };
      expect(table.rows).toHaveLength(300);
      expect(table.columns).toEqual(['id', 'sku', 'qty']);
      expect(table.constant).toEqual({ status: 'ok' });
      expect(table.rows[137]).toEqual(rows(300)[137]);
    });
  });

  describe('strings and numbers', () => {
    it('cuts huge strings inside the string value without breaking escapes (BL-12)', () => {
      const content = 'line with \\ and "quotes"\n\t'.repeat(400);
      const input = JSON.stringify({
        ok: true,
        files: [{ path: 'C:\\Users\\demo\\a.py', content }],
      });
      const text = compressedText(run(input, { targetRatio: 0.1 }));
      const parsed = JSON.parse(text) as {
        ok: boolean;
        files: { path: string; content: string }[];
      };

      expect(parsed.ok).toBe(true);
      expect(parsed.files[0].path).toBe('C:\\Users\\demo\\a.py');
      expect(parseMarkers(parsed.files[0].content)).toHaveLength(1);
      expect(content.startsWith(parsed.files[0].content.split(' … ')[0])).toBe(true);
    });

    it('states exact statistics for a sampled number array', () => {
      const values = Array.from({ length: 1000 }, (_, index) => index);
      const text = compressedText(run(JSON.stringify(values)));
      const note = parseMarkers(text)[0].note;

      expect(note).toContain('n=1000 min=0 max=999 sum=499500');
      expect(note).toContain('median=499.5');
    });
  });

  describe('other array shapes', () => {
    it('samples a string array but keeps error strings and the ends', () => {
      const values = Array.from({ length: 400 }, (_, index) =>
        index === 250 ? 'job 250 failed: timeout' : `job ${index} ok`,
      );
      const text = compressedText(run(JSON.stringify(values)));
      const parsed = JSON.parse(text) as string[];

      expect(parsed).toEqual(
        expect.arrayContaining(['job 0 ok', 'job 399 ok', 'job 250 failed: timeout']),
      );
      expect(parseMarkers(parsed[parsed.length - 1])[0].note).toMatch(/^\d+ of 400 items omitted/);
    });

    it('keeps one item of every type in a mixed array', () => {
      const values: unknown[] = Array.from({ length: 300 }, (_, index) => ({ id: index }));
      values.splice(100, 0, 'a lone string', 42, null, [1, 2]);
      const parsed = JSON.parse(compressedText(run(JSON.stringify(values)))) as unknown[];

      expect(parsed).toEqual(expect.arrayContaining(['a lone string', 42, null, [1, 2]]));
    });

    it('compresses arrays nested inside objects and keeps the other fields', () => {
      const input = JSON.stringify({ page: 3, total: 300, next: 'cursor-abc', items: rows(300) });
      const parsed = JSON.parse(compressedText(run(input))) as {
        page: number;
        total: number;
        next: string;
      };

      expect(parsed).toMatchObject({ page: 3, total: 300, next: 'cursor-abc' });
    });

    it('reads JSON lines and answers with a JSON array', () => {
      const input = rows(300)
        .map((row) => JSON.stringify(row))
        .join('\n');
      const outcome = run(input);

      expect(outcome).toMatchObject({
        status: 'compressed',
        transforms: expect.arrayContaining(['json:lines-to-array']),
      });
      expect(() => JSON.parse(compressedText(outcome))).not.toThrow();
    });
  });

  describe('corpus', () => {
    const files = readdirSync(corpusPath('json')).sort();

    it.each(files)('produces valid JSON for %s', (file) => {
      const outcome = run(readFileSync(corpusPath('json', file), 'utf8'));

      if (outcome.status === 'compressed') {
        expect(() => JSON.parse(outcome.text)).not.toThrow();
      }
    });

    const arrays = files.flatMap((file) =>
      largeRecordArrays(
        JSON.parse(readFileSync(corpusPath('json', file), 'utf8')) as JsonValue,
      ).map((items, index) => ({ name: `${file}#${index}`, text: JSON.stringify(items, null, 2) })),
    );

    it('finds arrays of 100+ records to measure', () => {
      expect(arrays.length).toBeGreaterThanOrEqual(3);
    });

    it.each(arrays)('reduces the 100+ record array $name by at least 90% in tokens', ({ text }) => {
      const output = compressedText(run(text));

      expect(1 - countTokens(output) / countTokens(text)).toBeGreaterThanOrEqual(0.9);
    });
  });
});
