import type { Fidelity } from '../quality.types';

/** Token-level F1 of the output's words against the expected main content's words. */
export function htmlF1(expectedHtml: string, output: string): Fidelity {
  const expected = bag(words(expectedHtml.replace(/<[^>]*>/g, ' ')));
  const actual = bag(words(output.replace(/<[^>]*>/g, ' ').replace(/[#*_`>[\]()|-]/g, ' ')));
  let overlap = 0;
  for (const [word, count] of actual) {
    overlap += Math.min(count, expected.get(word) ?? 0);
  }
  const precision = overlap / Math.max(1, total(actual));
  const recall = overlap / Math.max(1, total(expected));
  const score = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);

  return { score, needles: 1, lost: score < 0.6 ? [`f1 ${score.toFixed(2)}`] : [] };
}

function words(text: string): string[] {
  return (
    text
      .replace(/&[a-z]+;|&#\d+;/g, ' ')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function bag(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  tokens.forEach((token) => counts.set(token, (counts.get(token) ?? 0) + 1));

  return counts;
}

function total(counts: ReadonlyMap<string, number>): number {
  let sum = 0;
  counts.forEach((count) => (sum += count));

  return sum;
}
