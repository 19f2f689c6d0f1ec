import { markerPattern, parseMarkers } from '@headroom/contracts';
import type { NumberedLine, NumberedRead } from '@headroom/router';
import { alignLines } from './line-alignment';

export type RenumberedLines = {
  lines: string[];
  /** Numbered lines of the read, and how many of them are shown with their number. */
  total: number;
  kept: number;
  /** Lines shown without a number that are not just a marker: text the compressor rewrote. */
  rewritten: number;
};

// A run of elided lines shorter than this is shown again instead: the
// marker would cost more than the lines (and it is usually blank lines).
const MIN_ELIDED_CHARS = 64;

/**
 * Lays a compressor's output over the numbered lines it came from. A line
 * the output kept verbatim is printed as the tool printed it, number and
 * all; a line the output rewrote (a placeholder, a marker) is printed with a
 * blank number column; each run of input lines the output left out becomes
 * one marker whose note names the run, `lines 40-118`. The markers of the
 * content compressor are replaced: they named the content without numbers.
 */
export function renumberLines(
  read: NumberedRead,
  output: string,
  marker: (note: string) => string,
): RenumberedLines {
  const body = read.body;
  const outputLines = output.split('\n');
  const alignment = alignLines(
    body.map((line) => line.content),
    outputLines,
  );
  const blank = ' '.repeat(read.format.width) + read.format.separator;
  const lines: string[] = [];
  let kept = 0;
  let previous = -1;
  let pending: string[] = [];

  const closeGap = (next: number) => {
    lines.push(...renderGap(body.slice(previous + 1, next), pending, blank, marker));
    pending = [];
  };

  for (const [index, position] of alignment.entries()) {
    if (position === -1) {
      pending.push(outputLines[index]);
      continue;
    }
    closeGap(position);
    lines.push(body[position].prefix + body[position].content);
    if (body[position].number !== undefined) kept += 1;
    previous = position;
  }
  closeGap(body.length);

  const rewritten = lines.filter((line) => line.startsWith(blank) && !isMarkerOnly(line)).length;

  return { lines, total: read.lastLine - read.firstLine + 1, kept, rewritten };
}

/**
 * One gap between two kept lines: the output lines the compressor wrote
 * there (rewritten, or markers) and the input lines it left out.
 */
function renderGap(
  elided: readonly NumberedLine[],
  written: readonly string[],
  blank: string,
  marker: (note: string) => string,
): string[] {
  const numbers = elided.flatMap((line) => (line.number === undefined ? [] : [line.number]));
  const elidedChars = elided.reduce((sum, line) => sum + line.content.length + 1, 0);
  const rewritten = written.filter((line) => !isMarkerOnly(line));
  if (numbers.length === 0 || (rewritten.length === 0 && elidedChars < MIN_ELIDED_CHARS)) {
    // Not worth a marker: the lines themselves, which say all that the
    // compressor wrote in their place.
    return elided.map((line) => line.prefix + line.content);
  }

  const folded = foldPlaceholder(elided, rewritten, blank, marker);
  if (folded) {
    return folded;
  }

  const note = rangeNote(numbers);
  let named = false;
  const rendered = rewritten.map((line) =>
    line.replace(markerPattern(), () => {
      // The first marker of the gap carries its range; a further one names
      // the same original and needs no note.
      const replacement = marker(named ? '' : note);
      named = true;

      return replacement;
    }),
  );
  if (!named) {
    // Where the compressor's own marker stood, at its indentation.
    const placeholder = written.find(isMarkerOnly);
    rendered.push((placeholder ? (/^[ \t]*/.exec(placeholder)?.[0] ?? '') : '') + marker(note));
  }

  return rendered.map((line) => blank + line);
}

/**
 * A body placeholder on one line, `  mounted() { (marker) },`, stands for
 * a first line that opens the body and a last line that closes it. Those two
 * are shown as they are, numbers and all, with the marker between them for
 * the lines inside, so every line of code in view keeps its number.
 */
function foldPlaceholder(
  elided: readonly NumberedLine[],
  rewritten: readonly string[],
  blank: string,
  marker: (note: string) => string,
): string[] | undefined {
  const [line] = rewritten;
  const found = rewritten.length === 1 ? parseMarkers(line) : [];
  const first = elided[0];
  const last = elided[elided.length - 1];
  if (found.length !== 1 || elided.length < 3 || !first.number || !last.number) {
    return undefined;
  }
  const opening = first.content.trimEnd();
  const closing = last.content.trim();
  const before = line.slice(0, found[0].index);
  const after = line.slice(found[0].index + found[0].length).trimEnd();
  if (opening === '' || closing === '' || !before.startsWith(opening) || !after.endsWith(closing)) {
    return undefined;
  }
  const inside = elided.slice(1, -1);
  const numbers = inside.flatMap((entry) => (entry.number === undefined ? [] : [entry.number]));
  const indent = /^[ \t]*/.exec(inside.find((entry) => entry.content.trim() !== '')?.content ?? '');

  return [
    first.prefix + first.content,
    ...(numbers.length > 0 ? [blank + (indent?.[0] ?? '') + marker(rangeNote(numbers))] : []),
    last.prefix + last.content,
  ];
}

function rangeNote(numbers: readonly number[]): string {
  return numbers.length === 1
    ? `line ${numbers[0]} omitted`
    : `lines ${numbers[0]}-${numbers[numbers.length - 1]} omitted`;
}

function isMarkerOnly(line: string): boolean {
  return line.includes('[[headroom:') && line.replace(markerPattern(), '').trim() === '';
}
