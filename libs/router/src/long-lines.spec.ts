import { detectContent } from './content-detector';

// Detection runs on the gateway's event loop for every block, before any
// compression timeout applies, so no input may make it super-linear. Each of
// these 200 KB shapes took seconds to minutes when two open-ended runs of one
// character class stood back to back in a pattern; linear work takes
// milliseconds, so the bound below only catches that kind of fault.
const SIZE = 200_000;
const BOUND_MS = 3_000;

const SHAPES: Record<string, string> = {
  base64: Buffer.alloc((SIZE * 3) / 4, 109).toString('base64'),
  digits: '1'.repeat(SIZE),
  dotted: 'a.'.repeat(SIZE / 2),
  'path segments': '/a.b'.repeat(SIZE / 4),
  'grep-context-like': 'x/-1'.repeat(SIZE / 4),
  'rust-macro-like': 'ab'.repeat(SIZE / 2),
  'cpp-scope-like': 'a::'.repeat(SIZE / 3),
  colons: 'a:'.repeat(SIZE / 2),
  words: 'word. '.repeat(SIZE / 6),
  'json prefix': '{"a":'.repeat(SIZE / 5),
  tags: '<a href="x">'.repeat(SIZE / 12),
};

describe('detectContent on long lines', () => {
  it.each(Object.entries(SHAPES))('stays linear on one line of %s', (_shape, line) => {
    for (const text of [line, `first line\n${line}\nlast line`]) {
      const started = performance.now();
      detectContent(text);

      expect(performance.now() - started).toBeLessThan(BOUND_MS);
    }
  });
});
