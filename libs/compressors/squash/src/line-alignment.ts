import { containsMarker } from '@headroom/contracts';

// Most lines carry no marker; the plain substring test spares the pattern.
function hasMarker(line: string): boolean {
  return line.includes('[[headroom:') && containsMarker(line);
}

/** For each output line, the index of the input line it is a verbatim copy of, or -1. */
export type LineAlignment = number[];

// Lines this short (`end`, `}`, a blank line) repeat everywhere; they are
// placed next to their neighbours rather than at their first occurrence.
const STRONG_LINE = /\w{3,}/;
const STRONG_MIN_CHARS = 8;
// How far a short line between markers is looked for: bounds the work on
// files made of short lines only.
const SHORT_LINE_REACH = 256;
const NEAR_LINES = 512;

/**
 * Aligns the lines of a compressor's output with the lines of its input, in
 * order. Distinctive lines are matched first, each at its next occurrence;
 * the short lines between two of them are matched outward from those anchors,
 * so the `end` before an elided body's successor lands on the right line.
 * Lines that carry a marker or were rewritten match nothing.
 */
export function alignLines(input: readonly string[], output: readonly string[]): LineAlignment {
  let positions: Map<string, number[]> | undefined;
  const alignment: LineAlignment = output.map(() => -1);
  let cursor = 0;
  let lastAnchor = -1;

  for (const [index, line] of output.entries()) {
    if (!isStrong(line) || hasMarker(line)) continue;
    // Kept lines usually follow each other closely; the index of every
    // input line is built only for output that jumps far or reorders.
    let position: number | undefined = findWithin(input, line, cursor, cursor + NEAR_LINES);
    if (position === -1) {
      positions ??= indexLines(input);
      position = nextPosition(positions.get(line), cursor + NEAR_LINES);
    }
    if (position === undefined) continue;
    alignment[index] = position;
    fillBetween(input, output, alignment, lastAnchor, index);
    lastAnchor = index;
    cursor = position + 1;
  }
  fillBetween(input, output, alignment, lastAnchor, output.length);

  return alignment;
}

function isStrong(line: string): boolean {
  return line.trim().length >= STRONG_MIN_CHARS && STRONG_LINE.test(line);
}

function indexLines(lines: readonly string[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  for (const [index, line] of lines.entries()) {
    const list = positions.get(line);
    if (list) list.push(index);
    else positions.set(line, [index]);
  }

  return positions;
}

/** The first position at or after `from`, by binary search over a sorted list. */
function nextPosition(list: readonly number[] | undefined, from: number): number | undefined {
  if (!list) return undefined;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle] < from) low = middle + 1;
    else high = middle;
  }

  return low < list.length ? list[low] : undefined;
}

/**
 * Matches the short lines strictly between two anchored output lines: forward
 * from the first anchor up to the first marker, backward from the second
 * anchor down to the last marker, and in order in whatever room is left.
 */
function fillBetween(
  input: readonly string[],
  output: readonly string[],
  alignment: LineAlignment,
  fromOutput: number,
  toOutput: number,
): void {
  let low = fromOutput === -1 ? 0 : alignment[fromOutput] + 1;
  let high = toOutput === output.length ? input.length : alignment[toOutput];
  let first = fromOutput + 1;
  let last = toOutput - 1;

  while (first <= last && low < high && !hasMarker(output[first])) {
    if (output[first] !== input[low]) break;
    alignment[first] = low;
    first += 1;
    low += 1;
  }
  while (last >= first && high > low && !hasMarker(output[last])) {
    if (output[last] !== input[high - 1]) break;
    alignment[last] = high - 1;
    last -= 1;
    high -= 1;
  }
  for (let index = first; index <= last && low < high; index += 1) {
    if (hasMarker(output[index])) continue;
    const position = findWithin(input, output[index], low, Math.min(high, low + SHORT_LINE_REACH));
    if (position === -1) continue;
    alignment[index] = position;
    low = position + 1;
  }
}

function findWithin(lines: readonly string[], line: string, from: number, to: number): number {
  for (let index = from; index < Math.min(to, lines.length); index += 1) {
    if (lines[index] === line) return index;
  }

  return -1;
}
