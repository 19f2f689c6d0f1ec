/**
 * Locates values inside raw JSON text by path, so a request can be edited in
 * place: the bytes around an edited value stay exactly as the client wrote
 * them (key order, whitespace, escapes, number spelling).
 *
 * The scanner is iterative, so hostile nesting depth cannot overflow the stack.
 * It assumes the text already passed `JSON.parse`.
 */
export type JsonPath = readonly (string | number)[];

export type Span = { start: number; end: number };

type Frame =
  | { kind: 'object'; key: string | undefined; awaitingKey: boolean }
  | { kind: 'array'; index: number };

export function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

export function locateValues(text: string, wanted: readonly JsonPath[]): Map<string, Span> {
  const targets = new Set(wanted.map(pathKey));
  const lengths = new Set(wanted.map((path) => path.length));
  const maxLength = Math.max(0, ...lengths);
  const found = new Map<string, Span>();
  const stack: Frame[] = [];
  const path: (string | number)[] = [];
  const openStarts: number[] = [];
  let position = 0;

  const isWanted = () => lengths.has(path.length) && targets.has(pathKey(path));

  while (position < text.length && found.size < targets.size) {
    const char = text[position];

    if (char === ' ' || char === '\n' || char === '\r' || char === '\t' || char === ',') {
      position += 1;
      continue;
    }

    const frame = stack[stack.length - 1];

    if (frame?.kind === 'object' && frame.awaitingKey && char === '"') {
      const end = skipString(text, position);
      frame.key = decodeKey(text.slice(position, end));
      frame.awaitingKey = false;
      path.push(frame.key);
      position = skipColon(text, end);
      continue;
    }

    if (char === '}' || char === ']') {
      stack.pop();
      const start = openStarts.pop() ?? position;
      position += 1;
      if (path.length <= maxLength && isWanted()) {
        found.set(pathKey(path), { start, end: position });
      }
      position = finishValue(stack, path, position);
      continue;
    }

    if (frame?.kind === 'array') {
      path.push(frame.index);
    }

    if (char === '{' || char === '[') {
      stack.push(
        char === '{'
          ? { kind: 'object', key: undefined, awaitingKey: true }
          : { kind: 'array', index: 0 },
      );
      openStarts.push(position);
      position += 1;
      continue;
    }

    const end = char === '"' ? skipString(text, position) : skipScalar(text, position);
    if (path.length <= maxLength && isWanted()) {
      found.set(pathKey(path), { start: position, end });
    }
    position = finishValue(stack, path, end);
  }

  return found;
}

/** After a value ends: step the parent array index or re-arm the parent object's key. */
function finishValue(stack: Frame[], path: (string | number)[], position: number): number {
  const parent = stack[stack.length - 1];

  if (parent === undefined) {
    return position;
  }

  path.pop();
  if (parent.kind === 'array') {
    parent.index += 1;
  } else {
    parent.awaitingKey = true;
  }

  return position;
}

function skipString(text: string, start: number): number {
  let position = start + 1;

  while (position < text.length) {
    const char = text.charCodeAt(position);
    if (char === 0x5c) {
      position += 2;
      continue;
    }
    position += 1;
    if (char === 0x22) {
      return position;
    }
  }

  return position;
}

function skipScalar(text: string, start: number): number {
  let position = start;

  while (position < text.length && !',}] \n\r\t'.includes(text[position])) {
    position += 1;
  }

  return position;
}

function skipColon(text: string, position: number): number {
  let cursor = position;

  while (cursor < text.length && text[cursor] !== ':') {
    cursor += 1;
  }

  return cursor + 1;
}

function decodeKey(raw: string): string {
  return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

export type Patch = Span & { replacement: string };

/** Applies non-overlapping patches; everything outside them is kept verbatim. */
export function applyPatches(text: string, patches: readonly Patch[]): string {
  const ordered = [...patches].sort((left, right) => left.start - right.start);
  const parts: string[] = [];
  let cursor = 0;

  for (const patch of ordered) {
    if (patch.start < cursor) {
      throw new RangeError('overlapping JSON patches');
    }
    parts.push(text.slice(cursor, patch.start), patch.replacement);
    cursor = patch.end;
  }
  parts.push(text.slice(cursor));

  return parts.join('');
}
