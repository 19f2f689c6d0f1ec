/** Where each container and string of a JSON text starts and ends, by path. */
export type SpanIndex = ReadonlyMap<string, { start: number; end: number }>;

/** Which values to record: everything by default; callers that look up few pass thresholds. */
export type SpanFilter = {
  /** Strings whose source text (quotes included) is at least this long. */
  minStringLength: number;
  /** Arrays with at least this many items (an empty array counts as one). */
  minArrayItems: number;
  objects: boolean;
};

const EVERY_SPAN: SpanFilter = { minStringLength: 0, minArrayItems: 0, objects: true };

type Frame = {
  start: number;
  array: boolean;
  /** The current item's index in an array. */
  index: number;
  /** Source span of the current member's key in an object, quotes included. */
  keyStart: number;
  keyEnd: number;
  expectKey: boolean;
};

const SEPARATOR = '\u0001';
// Character codes: comparing numbers avoids a one-character string per step.
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** The path segment of an object member or an array element, as the walker spells it too. */
export function childPath(parent: string, segment: string | number): string {
  return typeof segment === 'number'
    ? `${parent}${SEPARATOR}i${segment}`
    : `${parent}${SEPARATOR}k${segment}`;
}

/**
 * One forward pass over a JSON text recording the source span of every
 * array, object and string value the filter asks for, so an original can be
 * the exact bytes a marker replaced. Strings are skipped with indexOf and
 * paths are spelled only for recorded values; keys are decoded with
 * JSON.parse so escaped keys match the parsed document. For a duplicated
 * key the last occurrence wins, as in JSON.parse.
 */
export function indexSpans(text: string, filter: SpanFilter = EVERY_SPAN): SpanIndex {
  const spans = new Map<string, { start: number; end: number }>();
  const stack: Frame[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const end = stringEnd(text, index);
      const frame = stack[stack.length - 1];
      if (frame && !frame.array && frame.expectKey) {
        frame.keyStart = index;
        frame.keyEnd = end;
        frame.expectKey = false;
      } else if (end - index >= filter.minStringLength) {
        spans.set(pathOfStack(text, stack, stack.length), { start: index, end });
      }
      index = end - 1;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      const array = code === OPEN_BRACKET;
      stack.push({ start: index, array, index: 0, keyStart: 0, keyEnd: 0, expectKey: !array });
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      const frame = stack.pop();
      if (frame && (frame.array ? frame.index + 1 >= filter.minArrayItems : filter.objects)) {
        spans.set(pathOfStack(text, stack, stack.length), { start: frame.start, end: index + 1 });
      }
    } else if (code === COMMA) {
      const frame = stack[stack.length - 1];
      if (frame?.array) {
        frame.index += 1;
      } else if (frame) {
        frame.expectKey = true;
      }
    }
  }

  return spans;
}

/** The walker's path for a list of member keys and item indexes, root first. */
export function pathOf(segments: readonly (string | number)[]): string {
  let path = '';
  for (const segment of segments) {
    path = childPath(path, segment);
  }

  return path;
}

// The path of the value inside the first `depth` open containers.
function pathOfStack(text: string, stack: readonly Frame[], depth: number): string {
  let path = '';
  for (let level = 0; level < depth; level += 1) {
    const frame = stack[level];
    path = childPath(path, frame.array ? frame.index : keyOf(text, frame));
  }

  return path;
}

function keyOf(text: string, frame: Frame): string {
  const raw = text.slice(frame.keyStart + 1, frame.keyEnd - 1);

  return raw.includes('\\')
    ? (JSON.parse(text.slice(frame.keyStart, frame.keyEnd)) as string)
    : raw;
}

/**
 * The index just past the closing quote of the string opening at `start`: a
 * quote after an even run of backslashes (none included) ends it. The text's
 * length when it never closes.
 */
export function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) {
      backslashes += 1;
    }
    if (backslashes % 2 === 0) {
      return quote + 1;
    }
    quote = text.indexOf('"', quote + 1);
  }

  return text.length;
}
