/** Where each container and string of a JSON text starts and ends, by path. */
export type SpanIndex = ReadonlyMap<string, { start: number; end: number }>;

type Frame = {
  path: string;
  start: number;
  array: boolean;
  index: number;
  key: string;
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
 * array, object and string value, so an original can be the exact bytes a
 * marker replaced. Keys are decoded with JSON.parse so escaped keys match
 * the parsed document.
 */
export function indexSpans(text: string, minStringLength = 0): SpanIndex {
  const spans = new Map<string, { start: number; end: number }>();
  const stack: Frame[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const end = stringEnd(text, index);
      recordString(text, index, end, stack, spans, minStringLength);
      index = end - 1;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      const array = code === OPEN_BRACKET;
      stack.push({
        path: valuePath(stack),
        start: index,
        array,
        index: 0,
        key: '',
        expectKey: !array,
      });
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      const frame = stack.pop();
      if (frame) {
        spans.set(frame.path, { start: frame.start, end: index + 1 });
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

function recordString(
  text: string,
  start: number,
  end: number,
  stack: Frame[],
  spans: Map<string, { start: number; end: number }>,
  minStringLength: number,
): void {
  const frame = stack[stack.length - 1];
  if (frame && !frame.array && frame.expectKey) {
    const raw = text.slice(start + 1, end - 1);
    frame.key = raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
    frame.expectKey = false;
    return;
  }
  // Only strings long enough to be cut can ever need their span.
  if (end - start >= minStringLength) {
    spans.set(valuePath(stack), { start, end });
  }
}

function valuePath(stack: readonly Frame[]): string {
  const parent = stack[stack.length - 1];
  if (!parent) {
    return '';
  }

  return childPath(parent.path, parent.array ? parent.index : parent.key);
}

function stringEnd(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) {
      index += 1;
    } else if (code === QUOTE) {
      return index + 1;
    }
  }

  return text.length;
}
