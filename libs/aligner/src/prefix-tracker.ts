import { createHash } from 'node:crypto';
import { type JsonPath, locateValues, pathKey } from '@headroom/providers';

export const BUST_REASONS = [
  'head-changed',
  'history-truncated',
  'client-edited-history',
  'headroom-rewrote-history',
] as const;

export type BustReason = (typeof BUST_REASONS)[number];

/** Hashes of what one turn carried: its stable head and each conversation item. */
export type TurnShape = {
  head: string;
  items: string[];
};

export type PrefixReport = {
  previousItems: number;
  /** Leading items whose forwarded bytes equal the previous turn's. */
  stableItems: number;
  bust: { reason: BustReason; index: number } | null;
};

const digest = (text: string) => createHash('sha1').update(text).digest('base64').slice(0, 16);

/** Reads the turn's shape from raw JSON text: the exact bytes, not a re-serialisation. */
export function turnShape(
  text: string,
  headFields: readonly string[],
  conversationField: string,
  itemCount: number,
): TurnShape {
  const itemPaths: JsonPath[] = Array.from({ length: itemCount }, (_, i) => [conversationField, i]);
  const headPaths: JsonPath[] = headFields.map((field) => [field]);
  const spans = locateValues(text, [...headPaths, ...itemPaths]);
  const slice = (path: JsonPath) => {
    const span = spans.get(pathKey(path));
    return span ? text.slice(span.start, span.end) : '';
  };

  return {
    head: digest(headPaths.map(slice).join('\u0000')),
    items: itemPaths.map((path) => digest(slice(path))),
  };
}

/**
 * Compares this turn with the last one. The provider's cache survives only if
 * the head and every earlier item went out with the same bytes; when they did
 * not, the reason says whose change it was.
 */
export function comparePrefix(
  previous: { forwarded: TurnShape; client: TurnShape } | undefined,
  current: { forwarded: TurnShape; client: TurnShape },
): PrefixReport {
  if (!previous) {
    return { previousItems: 0, stableItems: 0, bust: null };
  }

  const count = previous.forwarded.items.length;
  if (previous.forwarded.head !== current.forwarded.head) {
    return { previousItems: count, stableItems: 0, bust: { reason: 'head-changed', index: 0 } };
  }

  for (let index = 0; index < count; index += 1) {
    if (index >= current.forwarded.items.length) {
      return bustAt(count, index, 'history-truncated');
    }
    if (previous.forwarded.items[index] !== current.forwarded.items[index]) {
      const clientSame = previous.client.items[index] === current.client.items[index];
      return bustAt(
        count,
        index,
        clientSame ? 'headroom-rewrote-history' : 'client-edited-history',
      );
    }
  }

  return { previousItems: count, stableItems: count, bust: null };
}

function bustAt(previousItems: number, index: number, reason: BustReason): PrefixReport {
  return { previousItems, stableItems: index, bust: { reason, index } };
}
