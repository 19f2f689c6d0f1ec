/**
 * Lines of a block without their `\n`; a `\r` stays part of its line so that
 * every kept line is byte-identical to the input line it came from.
 */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') {
    lines.pop();
  }

  return lines;
}

/** Joins kept lines back, ending with a newline when the input did. */
export function joinLines(lines: readonly string[], input: string): string {
  const joined = lines.join('\n');

  return input.endsWith('\n') ? `${joined}\n` : joined;
}
