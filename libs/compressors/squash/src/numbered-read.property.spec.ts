import fc from 'fast-check';
import { type CompressInput, ccrKey, formatMarker } from '@headroom/contracts';
import { numberPrefix } from '@headroom/router';
import { numberedReadProblems, routeTo } from '../test/numbered-read-checks';
import { NumberedReadCompressor } from './numbered-read';
import { createSquashers } from './squashers';

// A marker line or two more than the input, at most.
const SLACK = 120;

const word = fc.constantFrom('conn', 'socket', 'state', 'acc', 'item', 'params', 'result');
const statement = fc
  .tuple(word, word, fc.constantFrom(' = ', ' |> ', '.', '(', ', '), fc.string({ maxLength: 12 }))
  .map(([left, right, glue, tail]) => `${left}${glue}${right} ${tail.replace(/[\n\r]/g, ' ')}`);
const definition = fc
  .tuple(
    fc.constantFrom('def', 'defp', 'test', 'function'),
    word,
    fc.array(statement, { minLength: 0, maxLength: 12 }),
  )
  .map(([keyword, name, body]) => [
    `  ${keyword} ${name}(x) do`,
    ...body.map((line) => `    ${line}`),
    '  end',
  ]);
const looseLine = fc.oneof(
  fc.constant(''),
  statement.map((line) => `  ${line}`),
  fc.string({ maxLength: 40 }).map((line) => line.replace(/[\n\r]/g, ' ')),
);
const content = fc
  .array(
    fc.oneof(
      definition,
      looseLine.map((line) => [line]),
    ),
    { minLength: 3, maxLength: 40 },
  )
  .map((parts) => ['defmodule Demo do', ...parts.flat(), 'end']);

const numberedRead = fc
  .record({
    lines: content,
    separator: fc.constantFrom('→' as const, '\t' as const),
    firstLine: fc.integer({ min: 1, max: 99_000 }),
    head: fc.boolean(),
    trailingNewline: fc.boolean(),
  })
  .map(({ lines, separator, firstLine, head, trailingNewline }) => {
    const numbered = lines.map(
      (line, index) => numberPrefix({ separator, width: 6 }, firstLine + index) + line,
    );
    const text = [
      ...(head ? ['The file /repo/lib/demo.ex has been updated. Here is the snippet:'] : []),
      ...numbered,
    ].join('\n');

    return trailingNewline ? `${text}\n` : text;
  });

const compressor = new NumberedReadCompressor(routeTo(createSquashers()), { minChars: 400 });

function input(text: string, overrides: Partial<CompressInput> = {}): CompressInput {
  return { text, kind: 'numbered', query: '', lossless: false, ...overrides };
}

describe(NumberedReadCompressor.name, () => {
  it('never throws, and the same read compresses to the same bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(numberedRead, fc.string({ maxLength: 2000 })), async (text) => {
        const first = await compressor.compress(input(text));
        const second = await compressor.compress(input(text));

        expect(second).toEqual(first);
      }),
      { numRuns: 150 },
    );
  });

  it('shows true numbers only, names every elided line once and stores the exact read', async () => {
    let compressed = 0;
    await fc.assert(
      fc.asyncProperty(numberedRead, async (text) => {
        const outcome = await compressor.compress(input(text));

        expect(numberedReadProblems(text, outcome)).toEqual([]);
        if (outcome.status === 'compressed') {
          compressed += 1;
          expect(outcome.text.length).toBeLessThanOrEqual(text.length + SLACK);
        }
      }),
      { numRuns: 200 },
    );
    // The property says something only if reads do get compressed.
    expect(compressed).toBeGreaterThan(20);
  });

  it('leaves content that already carries a marker, or is small, alone', async () => {
    await fc.assert(
      fc.asyncProperty(numberedRead, async (text) => {
        const marked = `${text}\n${formatMarker(ccrKey(text), 'older turn')}`;

        expect(await compressor.compress(input(marked))).toMatchObject({
          status: 'skipped',
          reason: 'already-compressed',
        });
        expect(await compressor.compress(input(text, { minChars: text.length + 1 }))).toMatchObject(
          { status: 'skipped', reason: 'too-small' },
        );
      }),
      { numRuns: 60 },
    );
  });
});
