const STOPWORDS = new Set(
  'the and for are but not you all any can had her was one our out has have what when where which who why how this that these those with from into about them then than there their they will would should could does did just also only some such very your yours its it is in on of to a an as at be by or if do we me my so up no yes please show find give tell list get let make'.split(
    ' ',
  ),
);

/** Words of the newest user message worth matching: lowercased, de-duplicated, no stopwords. */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const word of query
    .toLowerCase()
    .match(/[\p{L}\p{N}][\p{L}\p{N}_.:/@-]*[\p{L}\p{N}]|\p{N}/gu) ?? []) {
    if (word.length >= 3 && !STOPWORDS.has(word)) {
      terms.add(word);
    }
  }

  return [...terms].sort();
}
