import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tokenizerFor } from './tokenizer';

// A full collection on demand, without starting jest with --expose-gc.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const MB = 2 ** 20;

// About 100 KB of words the vocabulary knows (cheap to count) around one long
// word it does not, which the tokenizer must merge and then caches.
function text(n: number): string {
  const filler = 'the build failed again and the log says why '.repeat(1_100);

  return `${filler} zqxv${n.toString(36)}kjwprtmbnylsdf ${filler}`;
}

function heapAfterCounting(count: number, offset: number): number {
  const tokenizer = tokenizerFor('gpt-4o');
  let total = 0;
  for (let n = 0; n < count; n += 1) {
    // A slice, as request bodies and tool outputs reach the counter.
    const body = `{"content":"${text(offset + n)}"}`;
    total += tokenizer.count(body.slice(12, -2));
  }
  expect(total).toBeGreaterThan(0);
  collect();

  return process.memoryUsage().heapUsed;
}

describe('tokenizer memory', () => {
  it('does not keep the texts it counted alive through its merge cache', () => {
    heapAfterCounting(5, 0);
    collect();
    const before = process.memoryUsage().heapUsed;

    // 150 distinct ~100 KB texts: ~15 MB if each cached word pinned its text.
    const after = heapAfterCounting(150, 1_000);

    expect((after - before) / MB).toBeLessThan(5);
  });
});
