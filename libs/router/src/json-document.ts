/**
 * A block of JSON as the JSON compressor reads it: one document, or JSON
 * lines read as an array of their values.
 */
export type JsonDocument = { value: unknown; lines: boolean };

type Remembered = { text: string; document: JsonDocument };

// The router has to parse a JSON block to know it is one, and the compressor
// that gets the block next would parse it again: on a 600 KB tool output that
// second parse and its garbage are a tenth of the compression time. The last
// document parsed is kept for the compressor, weakly, so a block that never
// reaches it (another thread compresses it, a policy skips it) costs nothing
// once the collector runs.
// TODO(#9): the gateway routes on its main thread and compresses on a
// compressor thread, which parses the block again (one parse per thread, not
// per block); routing on the thread as well would make it one.
let remembered: WeakRef<Remembered> | undefined;

/** Keeps the document `text` parsed to, for one `recallJsonDocument` of the same text. */
export function rememberJsonDocument(text: string, document: JsonDocument): void {
  remembered = new WeakRef({ text, document });
}

/**
 * The document the router parsed `text` to while detecting it, or undefined
 * when it parsed something else since (or the collector took it). Given out
 * once: the caller owns it and must not mutate it.
 */
export function recallJsonDocument(text: string): JsonDocument | undefined {
  const entry = remembered?.deref();
  if (entry === undefined || entry.text !== text) {
    return undefined;
  }
  remembered = undefined;

  return entry.document;
}

const SPACE = 32;
const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

function isJsonWhitespace(code: number): boolean {
  return code === SPACE || code === TAB || code === LINE_FEED || code === CARRIAGE_RETURN;
}

/**
 * Whether `trimmed` (the text's `trim()`) lost only JSON whitespace. `trim`
 * also drops no-break spaces, byte-order marks and line separators, which
 * JSON.parse rejects: only when this holds does the untrimmed text parse to
 * the same value as the trimmed one.
 */
export function isPaddedWithJsonWhitespace(text: string, trimmed: string): boolean {
  if (text.length === trimmed.length) {
    return true;
  }
  let start = 0;
  let end = text.length;
  while (start < end && isJsonWhitespace(text.charCodeAt(start))) start += 1;
  while (end > start && isJsonWhitespace(text.charCodeAt(end - 1))) end -= 1;

  return end - start === trimmed.length;
}
