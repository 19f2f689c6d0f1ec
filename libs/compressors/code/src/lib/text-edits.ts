/** A replacement of `text.slice(start, end)`, in UTF-16 code units like every JS string index. */
export type TextEdit = {
  start: number;
  end: number;
  replacement: string;
};

/**
 * Applies edits that must not overlap. Overlapping edits are a planning bug,
 * so they throw rather than silently produce a corrupt file.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((left, right) => left.start - right.start);
  const parts: string[] = [];
  let cursor = 0;

  for (const edit of ordered) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) {
      throw new RangeError(`edit ${edit.start}..${edit.end} overlaps or leaves the text`);
    }
    parts.push(text.slice(cursor, edit.start), edit.replacement);
    cursor = edit.end;
  }
  parts.push(text.slice(cursor));

  return parts.join('');
}

export function countLines(text: string): number {
  let lines = 1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    lines += 1;
  }

  return lines;
}

/** The whitespace that opens the line holding `index`. */
export function indentationAt(text: string, index: number): string {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(lineStart, index));

  return match ? match[0] : '';
}

/** True when only spaces or tabs sit between `index` and the end of its line (or the text). */
export function restOfLineIsBlank(text: string, index: number): boolean {
  const lineEnd = text.indexOf('\n', index);
  const rest = text.slice(index, lineEnd === -1 ? text.length : lineEnd);

  return /^[ \t\r]*$/.test(rest);
}

/** True when only spaces or tabs sit between the start of the line and `index`. */
export function startsItsLine(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;

  return /^[ \t]*$/.test(text.slice(lineStart, index));
}
