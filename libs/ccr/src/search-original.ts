import { jsonItemSpans } from './json-items';

export type SearchOptions = {
  /** Most results returned; `count` still tells how many matched. */
  limit?: number;
};

export type SearchResult = {
  /** Matching JSON items or lines, exactly as they appear in the original. */
  results: string[];
  count: number;
  unit: 'item' | 'line';
  /** Items or lines the original holds in all. */
  total: number;
};

const DEFAULT_LIMIT = 100;

/**
 * Finds what a model asked for inside one original, for
 * `POST /v1/retrieve {hash, query}`. JSON is searched item by item (the main
 * array's elements), anything else line by line. An item matches when it
 * contains every word of the query, case-insensitively; when nothing contains
 * them all, items with some of the words come back, most words first, so a
 * slightly wrong query still gets an answer instead of an empty list.
 */
export function searchOriginal(
  content: string,
  query: string,
  options: SearchOptions = {},
): SearchResult {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const { unit, candidates } = searchUnits(content);
  const total = candidates.length;
  const terms = [...new Set(query.toLowerCase().split(/\s+/).filter(Boolean))];

  if (terms.length === 0) {
    return { results: [], count: 0, unit, total };
  }

  const scored = candidates
    .map((text, index) => ({ text, index, hits: countHits(text.toLowerCase(), terms) }))
    .filter((candidate) => candidate.hits > 0);
  const complete = scored.filter((candidate) => candidate.hits === terms.length);
  const matches =
    complete.length > 0
      ? complete
      : [...scored].sort((a, b) => b.hits - a.hits || a.index - b.index);

  return {
    results: matches.slice(0, limit).map((candidate) => candidate.text),
    count: matches.length,
    unit,
    total,
  };
}

/**
 * What a search looks through: the main array's items for JSON, the
 * non-empty lines of anything else. The audit trail counts in the same units.
 */
export function searchUnits(content: string): { unit: 'item' | 'line'; candidates: string[] } {
  const items = jsonItemSpans(content);

  return items
    ? { unit: 'item', candidates: items }
    : { unit: 'line', candidates: content.split(/\r?\n/).filter((line) => line.trim() !== '') };
}

function countHits(haystack: string, terms: string[]): number {
  return terms.reduce((hits, term) => (haystack.includes(term) ? hits + 1 : hits), 0);
}
