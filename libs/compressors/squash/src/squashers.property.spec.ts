import fc from 'fast-check';
import {
  type CompressOutcome,
  type Compressor,
  type ContentKind,
  ccrKey,
  formatMarker,
  parseMarkers,
} from '@headroom/contracts';
import { BuildSquasher } from './build-squasher';
import { DiffSquasher } from './diff-squasher';
import { ListingSquasher } from './listing-squasher';
import { LogSquasher } from './log-squasher';
import { ProseSquasher } from './prose-squasher';
import { SearchSquasher } from './search-squasher';

// Marker lines, template counts and `--` separators are all a squasher adds.
const SLACK = 300;

const logLine = fc
  .tuple(
    fc.integer({ min: 0, max: 59 }),
    fc.constantFrom('INFO', 'WARN', 'ERROR', 'DEBUG'),
    fc.constantFrom('worker', 'db', 'api'),
    fc.integer({ min: 0, max: 9 }),
    fc.string({ maxLength: 20 }),
  )
  .map(
    ([second, level, part, id, tail]) =>
      `2026-01-05T10:00:${String(second).padStart(2, '0')} ${level} ${part}-${id} ${tail}`,
  );
const searchLine = fc
  .tuple(
    fc.constantFrom('src/a.ts', 'src/b.ts', 'lib/c.py', 'd.go'),
    fc.integer({ min: 1, max: 999 }),
    fc.boolean(),
    fc.string({ maxLength: 30 }),
  )
  .map(
    ([file, line, match, text]) =>
      `${file}${match ? ':' : '-'}${line}${match ? ':' : '-'}${text.replace(/\n/g, ' ')}`,
  );
const diffText = fc
  .array(fc.tuple(fc.constantFrom(' ', '+', '-'), fc.string({ maxLength: 30 })), {
    minLength: 1,
    maxLength: 80,
  })
  .map((lines) =>
    [
      'diff --git a/x.ts b/x.ts',
      '--- a/x.ts',
      '+++ b/x.ts',
      '@@ -1,80 +1,80 @@',
      ...lines.map(([sign, text]) => sign + text.replace(/\n/g, ' ')),
    ].join('\n'),
  );
const buildLine = fc.oneof(
  fc.constantFrom(
    '  ✓ works (1 ms)',
    '  ✗ breaks',
    '    expected 1 to be 2',
    'Tests: 1 failed, 9 passed',
    'Compiling 3 files (.ex)',
    '',
    '.....',
  ),
  fc.string({ maxLength: 40 }),
);
const listingLine = fc
  .tuple(
    fc.constantFrom('src', 'src/lib', 'test', 'docs/api'),
    fc.string({ minLength: 1, maxLength: 12 }).filter((name) => /^[\w.-]+$/.test(name)),
  )
  .map(([directory, name]) => `${directory}/${name}`);
const sentence = fc
  .tuple(
    fc.constantFrom('The', 'A', 'Our', 'Every'),
    fc.array(
      fc.constantFrom(
        'service',
        'cache',
        'restarted',
        'quickly',
        'after',
        'the',
        'deploy',
        'error',
        '42',
        'users',
      ),
      { minLength: 3, maxLength: 12 },
    ),
  )
  .map(([first, words]) => `${first} ${words.join(' ')}.`);

type Case = { compressor: Compressor; kind: ContentKind; text: fc.Arbitrary<string> };

const CASES: readonly Case[] = [
  {
    compressor: new LogSquasher({ minChars: 0 }),
    kind: 'log',
    text: fc.array(logLine, { maxLength: 200 }).map((lines) => lines.join('\n')),
  },
  {
    compressor: new SearchSquasher({ minChars: 0 }),
    kind: 'search',
    text: fc.array(searchLine, { maxLength: 200 }).map((lines) => lines.join('\n')),
  },
  { compressor: new DiffSquasher({ minChars: 0 }), kind: 'diff', text: diffText },
  {
    compressor: new BuildSquasher({ minChars: 0 }),
    kind: 'build',
    text: fc.array(buildLine, { maxLength: 200 }).map((lines) => lines.join('\n')),
  },
  {
    compressor: new ListingSquasher({ minChars: 0 }),
    kind: 'listing',
    text: fc.array(listingLine, { maxLength: 200 }).map((lines) => lines.join('\n')),
  },
  {
    compressor: new ProseSquasher({ minChars: 0 }),
    kind: 'prose',
    text: fc.array(sentence, { maxLength: 80 }).map((sentences) => sentences.join(' ')),
  },
];

function run(compressor: Compressor, kind: ContentKind, text: string, query = ''): CompressOutcome {
  return compressor.compress({ text, kind, query, lossless: false }) as CompressOutcome;
}

describe.each(CASES)('$compressor.name', ({ compressor, kind, text }) => {
  it('never throws, is deterministic and never grows the input beyond a constant', () => {
    fc.assert(
      fc.property(
        fc.oneof(text, fc.string({ maxLength: 2000 })),
        fc.string({ maxLength: 40 }),
        (input, query) => {
          const first = run(compressor, kind, input, query);

          expect(run(compressor, kind, input, query)).toEqual(first);
          if (first.status === 'compressed') {
            expect(first.text.length).toBeLessThanOrEqual(input.length + SLACK);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('names the exact input in every marker and returns it as the original', () => {
    fc.assert(
      fc.property(text, (input) => {
        const outcome = run(compressor, kind, input);
        if (outcome.status !== 'compressed') {
          return;
        }
        const markers = parseMarkers(outcome.text);

        expect(markers.length).toBeGreaterThan(0);
        expect(markers.every((marker) => marker.key === ccrKey(input))).toBe(true);
        expect(outcome.originals).toEqual([
          expect.objectContaining({ key: ccrKey(input), content: input }),
        ]);
      }),
      { numRuns: 150 },
    );
  });

  it('leaves already-compressed content and lossless requests alone', () => {
    fc.assert(
      fc.property(text, (input) => {
        const marked = `${input}\n${formatMarker(ccrKey('earlier'), 'earlier omission')}`;

        expect(run(compressor, kind, marked)).toMatchObject({
          status: 'skipped',
          reason: 'already-compressed',
        });
        expect(compressor.compress({ text: input, kind, query: '', lossless: true })).toMatchObject(
          { status: 'skipped' },
        );
      }),
      { numRuns: 50 },
    );
  });
});
