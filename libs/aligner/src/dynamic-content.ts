/**
 * Values in a system prompt that change from one request or day to the next
 * and so make the provider's cached prefix useless for every later session.
 */
const DYNAMIC_PATTERNS = [
  ['jwt', /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g],
  ['uuid', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi],
  [
    'timestamp',
    /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b/g,
  ],
  [
    'date',
    /\b\d{4}-\d{2}-\d{2}\b|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? \w+ \d{1,2},? \d{4}\b/g,
  ],
  ['time', /\b\d{1,2}:\d{2}(?::\d{2})?\s?(?:[AP]M|UTC)?\b/g],
  ['request-id', /\b(?:req|request|trace|span)[-_]?id[=: ]+[A-Za-z0-9_-]{8,}\b/gi],
] as const;

export type DynamicKind = (typeof DYNAMIC_PATTERNS)[number][0];

export type DynamicMatch = { kind: DynamicKind; start: number; end: number };

/** Finds dynamic values; overlapping matches keep the first, most specific pattern. */
export function findDynamicContent(text: string): DynamicMatch[] {
  const matches: DynamicMatch[] = [];

  for (const [kind, pattern] of DYNAMIC_PATTERNS) {
    for (const match of text.matchAll(new RegExp(pattern.source, pattern.flags))) {
      const start = match.index;
      const end = start + match[0].length;
      if (!matches.some((other) => start < other.end && end > other.start)) {
        matches.push({ kind, start, end });
      }
    }
  }

  return matches.sort((left, right) => left.start - right.start);
}

export function dynamicKinds(text: string): DynamicKind[] {
  return [...new Set(findDynamicContent(text).map((match) => match.kind))].sort();
}

/**
 * The opt-in normaliser: dynamic values are replaced by numbered placeholders
 * where they stood and listed once at the end, so everything before that list
 * is the same in every session and the provider can keep it cached.
 */
export function moveDynamicContentToEnd(text: string): string {
  const matches = findDynamicContent(text);
  if (matches.length === 0) return text;

  const values: string[] = [];
  let stable = '';
  let cursor = 0;
  for (const match of matches) {
    values.push(text.slice(match.start, match.end));
    stable += `${text.slice(cursor, match.start)}{{${match.kind}:${values.length}}}`;
    cursor = match.end;
  }
  stable += text.slice(cursor);

  const list = values.map((value, index) => `{{${matches[index].kind}:${index + 1}}} = ${value}`);
  return `${stable}\n\nCurrent values of the placeholders above:\n${list.join('\n')}`;
}
