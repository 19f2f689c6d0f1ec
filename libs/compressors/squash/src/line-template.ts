const HEX_OR_ID =
  /^(?:0x[0-9a-f]+|[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

// TODO(#3): digit masking is cruder than Drain-style clustering: messages that differ in
// one word stay apart, and long free-text lines each become their own template.
/**
 * The coarse shape of a log line: every whitespace-separated token that holds
 * a digit becomes `<*>`. Timestamps, ids, counters and addresses vanish, the
 * words of the message stay, so repeats of one event share a template.
 */
export function coarseTemplate(line: string): string {
  const tokens = line.trim().split(/\s+/);
  for (let index = 0; index < tokens.length; index += 1) {
    if (/\d/.test(tokens[index])) {
      tokens[index] = '<*>';
    }
  }

  return tokens.join(' ');
}

/**
 * A finer shape for lines that must not be merged carelessly (errors,
 * warnings): ids become `<*>` but words keep their letters, and digit runs
 * inside words only collapse to `0`.
 */
export function fineTemplate(line: string): string {
  return line
    .trim()
    .split(/\s+/)
    .map((token) =>
      HEX_OR_ID.test(token.replace(/[^\w-]/g, '')) ? '<*>' : token.replace(/\d+/g, '0'),
    )
    .join(' ');
}

/** A template for display: leading variable fields (timestamps, pids) say nothing. */
export function displayTemplate(template: string): string {
  return template.replace(/^(?:(?:<\*>|-|\[<\*>|<\*>\])\s+)+/, '');
}
