const WORD = /[\p{L}\p{N}_]+/gu;

export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Query words that can discriminate: three letters or more, or any number. */
export function queryWords(query: string): string[] {
  return [...new Set(words(query).filter((word) => word.length >= 3 || /^\d+$/.test(word)))].sort();
}

/**
 * Okapi BM25 over a set of short documents (lines, sentences). Scores are
 * relative: only their order matters to the callers.
 */
export function bm25Scores(
  documents: readonly string[],
  query: readonly string[],
  k1 = 1.2,
  b = 0.75,
): number[] {
  if (query.length === 0 || documents.length === 0) {
    return documents.map(() => 0);
  }
  const tokenized = documents.map((document) => words(document));
  const averageLength =
    tokenized.reduce((sum, tokens) => sum + tokens.length, 0) / documents.length || 1;
  const wanted = new Set(query);
  const frequency = new Map<string, number>();
  for (const tokens of tokenized) {
    for (const token of new Set(tokens)) {
      if (wanted.has(token)) {
        frequency.set(token, (frequency.get(token) ?? 0) + 1);
      }
    }
  }

  return tokenized.map((tokens) => {
    const counts = new Map<string, number>();
    for (const token of tokens) {
      if (wanted.has(token)) {
        counts.set(token, (counts.get(token) ?? 0) + 1);
      }
    }
    let score = 0;
    for (const [term, count] of counts) {
      const documentsWithTerm = frequency.get(term) ?? 0;
      const idf = Math.log(
        1 + (documents.length - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5),
      );
      score +=
        (idf * count * (k1 + 1)) / (count + k1 * (1 - b + (b * tokens.length) / averageLength));
    }

    return score;
  });
}

export const ERROR_WORDS =
  /\b(?:error|errors|exception|fail|failed|failure|fatal|panic|crash|traceback|denied|timeout|todo|fixme)\b/i;
