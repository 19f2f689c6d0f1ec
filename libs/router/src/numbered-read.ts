/** How a tool printed its line numbers: the separator and the column width. */
export type NumberingFormat = {
  /** `→` for Claude Code's Read tool, a tab for `cat -n` and `nl`. */
  separator: '→' | '\t';
  /** Numbers are right-aligned to this many characters (6 for `cat -n`). */
  width: number;
};

/** One line of the numbered part: `prefix + content` is the line as the tool printed it. */
export type NumberedLine = {
  /** `undefined` for the blank lines `nl` leaves unnumbered. */
  number: number | undefined;
  prefix: string;
  content: string;
};

/**
 * A file read whose lines carry their numbers. `head`, the lines of `body`
 * and `tail`, joined with `\n`, give back the text byte for byte.
 */
export type NumberedRead = {
  format: NumberingFormat;
  firstLine: number;
  lastLine: number;
  /** Lines before the first numbered one, e.g. `The file x.ts has been updated. ...`. */
  head: string[];
  body: NumberedLine[];
  /** Lines after the last numbered one, e.g. a reminder the tool appended. */
  tail: string[];
};

const NUMBERED = /^( *)(\d{1,9})(→|\t)/;
const MIN_NUMBERED_LINES = 3;
// Head and tail together may hold a couple of lines (a tool's one-line
// preamble), or at most this share of the non-blank lines.
const MAX_FRAME_LINES = 2;
const MAX_FRAME_SHARE = 0.2;
// Tab-separated data with an id column looks like `cat -n` output without the
// padding; `cat -n` and `nl` pad to six columns, so a tab needs a wide column.
const MIN_TAB_WIDTH = 4;

/**
 * Recognises a numbered file read: one run of lines numbered in one format
 * (same separator, same right-aligned width) with consecutive numbers, framed
 * by at most a few unnumbered lines. Search results (`path:12:`), logs, diffs
 * and tables do not have that shape and come back `undefined`.
 */
export function parseNumberedRead(text: string): NumberedRead | undefined {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => NUMBERED.test(line));
  if (first === -1) {
    return undefined;
  }
  const format = formatOf(lines[first]);
  if (!format) {
    return undefined;
  }

  const body: NumberedLine[] = [];
  let expected = Number(NUMBERED.exec(lines[first])?.[2]);
  const firstLine = expected;
  let end = first;
  for (let index = first; index < lines.length; index += 1) {
    const line = parseLine(lines[index], format, expected);
    if (!line) break;
    body.push(line);
    if (line.number !== undefined) {
      expected += 1;
      end = index + 1;
    }
  }
  // Unnumbered blank lines after the last number belong to the tail.
  body.length = end - first;

  const head = lines.slice(0, first);
  const tail = lines.slice(end);
  const numbered = expected - firstLine;

  return numbered >= MIN_NUMBERED_LINES && frameIsSmall(head, tail, numbered)
    ? { format, firstLine, lastLine: expected - 1, head, body, tail }
    : undefined;
}

/** The text of a numbered read, rebuilt from its parts. */
export function renderNumberedRead(read: NumberedRead): string {
  return [...read.head, ...read.body.map((line) => line.prefix + line.content), ...read.tail].join(
    '\n',
  );
}

/** The prefix this format prints before line `number`. */
export function numberPrefix(format: NumberingFormat, number: number): string {
  return `${String(number).padStart(format.width, ' ')}${format.separator}`;
}

function formatOf(line: string): NumberingFormat | undefined {
  const match = NUMBERED.exec(line);
  if (!match) {
    return undefined;
  }
  const separator = match[3] === '→' ? '→' : '\t';
  const width = match[1].length + match[2].length;
  if (separator === '\t' && width < MIN_TAB_WIDTH) {
    return undefined;
  }

  return { separator, width };
}

function parseLine(
  line: string,
  format: NumberingFormat,
  expected: number,
): NumberedLine | undefined {
  const prefix = numberPrefix(format, expected);
  if (line.startsWith(prefix)) {
    return { number: expected, prefix, content: line.slice(prefix.length) };
  }
  // `nl` prints a blank line as blanks, without a number.
  if (format.separator === '\t' && /^[ \t]*$/.test(line)) {
    return { number: undefined, prefix: '', content: line };
  }

  return undefined;
}

function frameIsSmall(head: readonly string[], tail: readonly string[], numbered: number) {
  const frame = [...head, ...tail].filter((line) => line.trim() !== '').length;

  return frame <= MAX_FRAME_LINES || frame <= MAX_FRAME_SHARE * (frame + numbered);
}
