export type ProseUnit = { start: number; end: number; text: string; heading: boolean };

const SENTENCE_END = /[.!?]["')\]]*\s+(?=["'([]?[\p{Lu}\p{N}])/gu;

/**
 * Sentences of a text, each with the whitespace after it, so kept units
 * concatenate back to byte-identical slices of the input. Lines are units of
 * their own when they are headings, list items or short fragments.
 */
export function splitProse(text: string): ProseUnit[] {
  const units: ProseUnit[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    let lineEnd = newline === -1 ? text.length : newline + 1;
    while (lineEnd < text.length && text[lineEnd] === '\n') {
      lineEnd += 1;
    }
    splitLine(text, lineStart, lineEnd, units);
    lineStart = lineEnd;
  }

  return units;
}

function splitLine(text: string, start: number, end: number, units: ProseUnit[]): void {
  const line = text.slice(start, end);
  const heading = /^\s{0,3}(?:#{1,6}\s|[-*+]\s|\d+\.\s)/.test(line);
  let cursor = 0;
  if (!heading) {
    for (const match of line.matchAll(SENTENCE_END)) {
      const stop = match.index + match[0].length;
      units.push(unit(text, start + cursor, start + stop, false));
      cursor = stop;
    }
  }
  if (cursor < line.length) {
    units.push(unit(text, start + cursor, end, heading));
  }
}

function unit(text: string, start: number, end: number, heading: boolean): ProseUnit {
  return { start, end, text: text.slice(start, end), heading };
}

/** Word 3-gram shingles: two sentences sharing most of them say the same thing. */
export function shingles(text: string): Set<string> {
  const tokens = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const result = new Set<string>();
  for (let index = 0; index + 2 < tokens.length; index += 1) {
    result.add(`${tokens[index]} ${tokens[index + 1]} ${tokens[index + 2]}`);
  }

  return result;
}
