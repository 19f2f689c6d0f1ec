import { type JsonObject, type JsonValue, isJsonObject } from './json-value.types';

const MIN_ITEMS_FOR_STATISTICS = 10;
const OUTLIER_SIGMAS = 3;
const RARE_SHARE = 0.05;
const MAX_CATEGORIES = 12;

/**
 * Indexes of records that stand out: a numeric field far from its mean, or a
 * low-cardinality field (status, type, region) taking a value almost nobody
 * else has. Two passes over the fields of the records, no sorting.
 */
export function findAnomalies(items: readonly JsonValue[]): Set<number> {
  const anomalies = new Set<number>();
  if (items.length < MIN_ITEMS_FOR_STATISTICS) {
    return anomalies;
  }
  const columns = collectColumns(items);
  for (const values of columns.values()) {
    markNumericOutliers(values, anomalies);
    markRareCategories(values, items.length, anomalies);
  }

  return anomalies;
}

type Cell = { index: number; value: JsonValue };

function collectColumns(items: readonly JsonValue[]): Map<string, Cell[]> {
  const columns = new Map<string, Cell[]>();
  items.forEach((item, index) => {
    if (!isJsonObject(item)) {
      return;
    }
    for (const key in item as JsonObject) {
      const value = item[key];
      if (typeof value === 'object' && value !== null) {
        continue;
      }
      let cells = columns.get(key);
      if (!cells) {
        cells = [];
        columns.set(key, cells);
      }
      cells.push({ index, value });
    }
  });

  return columns;
}

function markNumericOutliers(cells: readonly Cell[], anomalies: Set<number>): void {
  const numbers = cells.filter((cell) => typeof cell.value === 'number');
  if (numbers.length < MIN_ITEMS_FOR_STATISTICS || numbers.length < cells.length * 0.9) {
    return;
  }
  let sum = 0;
  for (const cell of numbers) {
    sum += cell.value as number;
  }
  const mean = sum / numbers.length;
  let squares = 0;
  for (const cell of numbers) {
    squares += ((cell.value as number) - mean) ** 2;
  }
  const deviation = Math.sqrt(squares / numbers.length);
  if (deviation === 0) {
    return;
  }
  for (const cell of numbers) {
    if (Math.abs((cell.value as number) - mean) > OUTLIER_SIGMAS * deviation) {
      anomalies.add(cell.index);
    }
  }
}

function markRareCategories(cells: readonly Cell[], total: number, anomalies: Set<number>): void {
  if (cells.length < total * 0.5) {
    return;
  }
  const counts = new Map<string, number>();
  const keys: string[] = [];
  for (const cell of cells) {
    const key = categoryKey(cell.value);
    keys.push(key);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (counts.size > MAX_CATEGORIES) {
      return;
    }
  }
  if (counts.size < 2) {
    return;
  }
  cells.forEach((cell, index) => {
    if ((counts.get(keys[index]) ?? 0) / cells.length <= RARE_SHARE) {
      anomalies.add(cell.index);
    }
  });
}

// Cells here are primitives: the type keeps 1 and "1" apart without serialising.
function categoryKey(value: JsonValue): string {
  return `${typeof value}:${String(value)}`;
}
