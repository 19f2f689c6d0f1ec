import { findAnomalies } from './anomaly-finder';
import { isErrorItem, shapeOf } from './item-signals';
import { itemsMentioning } from './item-mentions';
import type { JsonValue } from './json-value.types';

export type Selection = {
  kept: number[];
  reasons: { errors: number; anomalies: number; queryMatches: number; shapes: number };
};

const HEAD_ITEMS = 2;
const TAIL_ITEMS = 1;
const MAX_SHAPES = 8;
// A term found in most items says nothing about which item the user means.
const DISCRIMINATING_SHARE = 0.3;

/**
 * Picks which items of a long array survive: the first and last, every error,
 * every anomaly, the items that mention the user's question, one item of each
 * distinct shape, then an even spread up to `budget`. Must-keeps may exceed
 * the budget: an error record is never dropped to save tokens.
 */
export function selectItems(
  items: readonly JsonValue[],
  budget: number,
  terms: readonly string[],
): Selection {
  const keep = new Set<number>();
  anchor(items.length, keep);

  // An item is serialised for the error test only when its fields already
  // point to an error, which few do.
  const errors = items.flatMap((item, index) =>
    isErrorItem(item, () => JSON.stringify(item)) ? [index] : [],
  );
  const anomalies = [...findAnomalies(items)];
  errors.forEach((index) => keep.add(index));
  anomalies.forEach((index) => keep.add(index));

  const queryMatches = matchQuery(items, terms, Math.max(0, budget - keep.size));
  queryMatches.forEach((index) => keep.add(index));

  const shapes = firstOfEachShape(items);
  shapes.forEach((index) => keep.add(index));
  spread(items.length, budget, keep);

  return {
    kept: [...keep].sort((left, right) => left - right),
    reasons: {
      errors: errors.length,
      anomalies: anomalies.length,
      queryMatches: queryMatches.length,
      shapes: shapes.length,
    },
  };
}

function anchor(length: number, keep: Set<number>): void {
  for (let index = 0; index < Math.min(HEAD_ITEMS, length); index += 1) {
    keep.add(index);
  }
  for (let index = Math.max(0, length - TAIL_ITEMS); index < length; index += 1) {
    keep.add(index);
  }
}

function matchQuery(items: readonly JsonValue[], terms: readonly string[], room: number): number[] {
  if (terms.length === 0 || room === 0) {
    return [];
  }
  const common = Math.max(1, items.length * DISCRIMINATING_SHARE);
  const mentions = itemsMentioning(items, terms, common);
  const scores = new Array<number>(items.length).fill(0);
  for (const hits of mentions) {
    if (hits.length === 0 || hits.length > common) {
      continue;
    }
    // Rarer terms weigh more, like the idf part of BM25.
    const weight = Math.log(1 + items.length / hits.length);
    hits.forEach((index) => (scores[index] += weight));
  }

  return scores
    .map((score, index) => ({ score, index }))
    .filter((entry) => entry.score > 0)
    .sort((left, right) => right.score - left.score || left.index - right.index)
    .slice(0, room)
    .map((entry) => entry.index);
}

function firstOfEachShape(items: readonly JsonValue[]): number[] {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const shape = shapeOf(item);
    if (!seen.has(shape)) {
      seen.set(shape, index);
    }
  });
  // One shape is the common case and says nothing beyond the first item.
  return seen.size > 1 ? [...seen.values()].slice(0, MAX_SHAPES) : [];
}

function spread(length: number, budget: number, keep: Set<number>): void {
  const room = budget - keep.size;
  if (room <= 0) {
    return;
  }
  const step = length / (room + 1);
  for (let slot = 1; slot <= room; slot += 1) {
    keep.add(Math.min(length - 1, Math.floor(slot * step)));
  }
}
