import fc from 'fast-check';
import { numberPrefix, parseNumberedRead, renderNumberedRead } from './numbered-read';

const line = fc.string({ maxLength: 30 }).map((text) => text.replace(/\n/g, ' '));

describe(parseNumberedRead.name, () => {
  it('never throws, and what it reads renders back byte for byte', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.array(line).map((l) => l.join('\n')),
        ),
        (text) => {
          const read = parseNumberedRead(text);

          expect(read === undefined || renderNumberedRead(read) === text).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads any run of consecutive numbers in one format, from any first number', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 3, maxLength: 60 }),
        fc.integer({ min: 0, max: 9_999_999 }),
        fc.constantFrom('→' as const, '\t' as const),
        (lines, firstLine, separator) => {
          const format = { separator, width: 6 };
          const text = lines
            .map((content, index) => numberPrefix(format, firstLine + index) + content)
            .join('\n');

          expect(parseNumberedRead(text)).toMatchObject({
            firstLine,
            lastLine: firstLine + lines.length - 1,
            body: lines.map((content) => ({ content })),
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
