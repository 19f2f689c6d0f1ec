import { readFileSync } from 'node:fs';
import { type CompressInput, type CompressOutcome, parseMarkers } from '@headroom/contracts';
import { corpusPath } from '../test/corpus';
import { DiffSquasher } from './diff-squasher';

const squasher = new DiffSquasher({ minChars: 0 });

function run(text: string, overrides: Partial<CompressInput> = {}): CompressOutcome {
  return squasher.compress({ text, kind: 'diff', query: '', lossless: false, ...overrides });
}

const DIFFS = [
  'misc/diff/swebench__django__django-13841__patch.diff',
  'misc/diff/swebench__pydicom__pydicom-1458__patch.diff',
  'misc/diff/swebench__scikit-learn__scikit-learn-11574__test_patch.diff',
];

describe(DiffSquasher.name, () => {
  it.each(DIFFS)('keeps every header and changed line of %s', (file) => {
    const input = readFileSync(corpusPath(file), 'utf8');
    const outcome = run(input);
    const output = outcome.status === 'compressed' ? outcome.text : input;
    const kept = new Set(output.split('\n'));
    const required = input
      .split('\n')
      .filter((line) => /^(?:diff --git|--- |\+\+\+ |@@ |[+-])/.test(line));

    expect(required.filter((line) => !kept.has(line))).toEqual([]);
  });

  it('summarises a lockfile with exact hunk and line counts', () => {
    const lock = [
      'diff --git a/package-lock.json b/package-lock.json',
      'index 1111111..2222222 100644',
      '--- a/package-lock.json',
      '+++ b/package-lock.json',
      '@@ -1,3 +1,3 @@',
      ' {',
      '-  "version": "1.0.0",',
      '+  "version": "1.0.1",',
      '@@ -10,2 +10,41 @@',
      ' x',
      ...Array.from({ length: 40 }, (_, index) => `+  "dependency-${index}": "^1.0.${index}",`),
    ];
    const code = [
      'diff --git a/src/a.ts b/src/a.ts',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1,2 +1,2 @@',
      '-old()',
      '+fresh()',
    ];
    const output = run([...lock, ...code].join('\n'));
    const text = output.status === 'compressed' ? output.text : '';

    expect(parseMarkers(text).map((marker) => marker.note)).toContain(
      'package-lock.json: 2 hunks, +41 -1 lines omitted (lockfile or generated)',
    );
    expect(text).toContain('+fresh()');
  });

  it('trims long unchanged context to one line around each change', () => {
    const context = Array.from({ length: 40 }, (_, index) => ` line ${index}`);
    const input = [
      '--- a/x.py',
      '+++ b/x.py',
      '@@ -1,41 +1,41 @@',
      ...context.slice(0, 20),
      '-a = 1',
      '+a = 2',
      ...context.slice(20),
    ].join('\n');
    const output = run(input);
    const text = output.status === 'compressed' ? output.text : '';

    expect(text).toContain(' line 19\n-a = 1\n+a = 2\n line 20');
    expect(text).not.toContain(' line 5\n');
    expect(parseMarkers(text)[0].note).toBe(
      '38 unchanged context lines omitted; every changed line is shown',
    );
  });
});
