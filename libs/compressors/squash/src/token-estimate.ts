/**
 * A tokenizer-free token estimate for keep-or-skip decisions: words cost
 * about one token per five letters, numbers one per three digits, runs of
 * punctuation one per three symbols, and ordinary whitespace nothing. It
 * over-counts nothing by an order of magnitude, which is all a guard needs;
 * acceptance is measured with the real tokenizer elsewhere.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  let run = 0;
  let kind = 0;
  for (let index = 0; index <= text.length; index += 1) {
    const next = index < text.length ? classify(text.charCodeAt(index)) : -1;
    if (next === kind) {
      run += 1;
      continue;
    }
    tokens += cost(kind, run);
    kind = next;
    run = 1;
  }

  return tokens;
}

const SPACE = 0;
const LETTER = 1;
const DIGIT = 2;
const SYMBOL = 3;
const WIDE = 4;

function classify(code: number): number {
  if (code === 32 || code === 9 || code === 10 || code === 13) {
    return SPACE;
  }
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95) {
    return LETTER;
  }
  if (code >= 48 && code <= 57) {
    return DIGIT;
  }

  return code < 128 ? SYMBOL : WIDE;
}

function cost(kind: number, run: number): number {
  switch (kind) {
    case LETTER:
      return Math.ceil(run / 5);
    case DIGIT:
    case SYMBOL:
      return Math.ceil(run / 3);
    case WIDE:
      return Math.ceil(run / 2);
    default:
      return run > 8 ? 1 : 0;
  }
}
