import { markerPattern } from '@headroom/contracts';

export type TokenScore = { precision: number; recall: number; f1: number };

// Scripts written without spaces: each character is a word of its own, so
// Chinese and Japanese pages score on characters instead of on whole lines.
const UNSPACED_SCRIPTS = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-cased word tokens; punctuation and Markdown syntax count for nothing. */
export function wordTokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().replace(UNSPACED_SCRIPTS, ' $1 ').match(WORD) ?? [];
}

/**
 * The reading text of Markdown, to compare with the text of an HTML page:
 * link targets, image sources and markers are not words a reader sees.
 */
export function markdownText(markdown: string): string {
  return markdown
    .replace(markerPattern(), ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\]\([^)]*\)/g, '] ');
}

/** Bag-of-words F1 between a candidate's tokens and a reference's. */
export function tokenF1(candidate: readonly string[], reference: readonly string[]): TokenScore {
  const counts = new Map<string, number>();
  for (const token of reference) {
    counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  let overlap = 0;
  for (const token of candidate) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      overlap += 1;
      counts.set(token, left - 1);
    }
  }
  const precision = candidate.length === 0 ? 0 : overlap / candidate.length;
  const recall = reference.length === 0 ? 0 : overlap / reference.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);

  return { precision, recall, f1 };
}
