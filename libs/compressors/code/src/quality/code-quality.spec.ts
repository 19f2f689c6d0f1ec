import { basename } from 'node:path';
import { measureCodeQuality, type CodeQuality } from './code-quality';
import { findCodeSamples } from './code-samples';

const REQUIRED_LANGUAGES = 8;

function table(rows: readonly CodeQuality[]): string {
  const lines = rows.map((row) => {
    const ratio = (1 - row.charsAfter / row.charsBefore) * 100;

    return (
      `| ${row.language.padEnd(10)} | ${basename(row.path).padEnd(32)} | ${String(row.charsBefore).padStart(7)} | ` +
      `${String(row.charsAfter).padStart(7)} | ${ratio.toFixed(1).padStart(5)}% | ` +
      `${row.errorsBefore}→${row.errorsAfter} | ${row.outlineCount - row.missingOutline.length}/${row.outlineCount} | ${row.status} |`
    );
  });

  return [
    '| language | file | chars before | after | reduction | syntax errors | outline kept | outcome |',
    '| --- | --- | ---: | ---: | ---: | --- | --- | --- |',
    ...lines,
  ].join('\n');
}

describe('code compressor quality on installed sources', () => {
  let rows: CodeQuality[] = [];

  beforeAll(async () => {
    rows = await measureCodeQuality(findCodeSamples());
    const before = rows.reduce((sum, row) => sum + row.charsBefore, 0);
    const after = rows.reduce((sum, row) => sum + row.charsAfter, 0);
    console.log(
      `${table(rows)}\n${rows.length} files, ${before} → ${after} chars, ` +
        `${((1 - after / before) * 100).toFixed(1)}% reduction`,
    );
  }, 120_000);

  it(`finds installed sources in at least ${REQUIRED_LANGUAGES} languages`, () => {
    expect(new Set(rows.map((row) => row.language)).size).toBeGreaterThanOrEqual(
      REQUIRED_LANGUAGES,
    );
  });

  it('re-parses every output with no new syntax errors', () => {
    const worse = rows.filter((row) => row.errorsAfter > row.errorsBefore);

    expect(worse.map((row) => row.path)).toEqual([]);
  });

  it('keeps every top-level import and signature', () => {
    const missing = rows.filter((row) => row.missingOutline.length > 0);

    expect(
      missing.map((row) => ({ path: row.path, missing: row.missingOutline.slice(0, 3) })),
    ).toEqual([]);
  });

  it('shrinks most files that have bodies to elide', () => {
    const compressed = rows.filter((row) => row.status.startsWith('code:'));

    expect(compressed.length).toBeGreaterThanOrEqual(0.6 * rows.length);
    const before = compressed.reduce((sum, row) => sum + row.charsBefore, 0);
    const after = compressed.reduce((sum, row) => sum + row.charsAfter, 0);
    expect(after / before).toBeLessThan(0.7);
  });
});
