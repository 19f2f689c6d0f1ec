import { formatMarker } from '@headroom/contracts';
import { selectItems } from './array-selector';
import { pathOf } from './json-spans';
import { type JsonObject, type JsonValue, isJsonObject, setKey } from './json-value.types';
import { describeNumbers, numberOutliers } from './number-stats';
import { type RecordTable, TABLE_FORMAT, toRecordTable } from './record-table';

export type WalkOptions = {
  lossy: boolean;
  /**
   * Registers the original of the value at `path` (its exact source text)
   * and returns its key; every marker names the value it shortened.
   */
  originalKey: (path: string, itemCount?: number, keptCount?: number) => string;
  terms: readonly string[];
  budgetFor: (length: number) => number;
  maxStringChars: number;
  keptStringChars: number;
  minItemsToSelect: number;
};

/** What a walk did, for transform names and the original's item counts. */
export type WalkReport = {
  tables: number;
  selections: number;
  truncations: number;
};

const MAX_DEPTH = 64;

export function newReport(): WalkReport {
  return { tables: 0, selections: 0, truncations: 0 };
}

// Member keys and item indexes from the root to the value being walked. The
// path string is spelled only when a marker needs it: building it for every
// value of a large document cost more than the rest of a lossless walk.
type Trail = (string | number)[];

/**
 * Rebuilds a parsed document with compact forms, never mutating the input.
 * Values that come out unchanged are shared with the input rather than
 * copied, which gives the same JSON.stringify output for a fraction of the
 * allocation.
 */
export function walkValue(
  value: JsonValue,
  options: WalkOptions,
  report: WalkReport,
  depth = 0,
  trail: Trail = [],
): JsonValue {
  if (depth > MAX_DEPTH) {
    return value;
  }
  if (Array.isArray(value)) {
    return walkArray(value, options, report, depth, trail);
  }
  if (isJsonObject(value)) {
    return walkObject(value, options, report, depth, trail);
  }
  if (typeof value === 'string' && options.lossy && value.length > options.maxStringChars) {
    return truncateString(value, options, report, trail);
  }

  return value;
}

function walkChild(
  value: JsonValue,
  segment: string | number,
  options: WalkOptions,
  report: WalkReport,
  depth: number,
  trail: Trail,
): JsonValue {
  trail.push(segment);
  const walked = walkValue(value, options, report, depth + 1, trail);
  trail.pop();

  return walked;
}

function walkObject(
  value: JsonObject,
  options: WalkOptions,
  report: WalkReport,
  depth: number,
  trail: Trail,
): JsonObject {
  const keys = Object.keys(value);
  let result: JsonObject | undefined;
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index];
    const walked = walkChild(value[key], key, options, report, depth, trail);
    if (result === undefined && walked !== value[key]) {
      result = {};
      for (let earlier = 0; earlier < index; earlier += 1) {
        setKey(result, keys[earlier], value[keys[earlier]]);
      }
    }
    if (result !== undefined) {
      setKey(result, key, walked);
    }
  }

  return result ?? value;
}

function walkArray(
  items: JsonValue[],
  options: WalkOptions,
  report: WalkReport,
  depth: number,
  trail: Trail,
): JsonValue {
  const budget = options.budgetFor(items.length);
  const selecting =
    options.lossy && items.length >= options.minItemsToSelect && items.length > budget + 2;
  if (selecting && items.every((item) => typeof item === 'number')) {
    return selectNumbers(items as number[], budget, options, report, trail);
  }
  const selection = selecting ? selectItems(items, budget, options.terms) : undefined;
  const walked = selection
    ? selection.kept.map((index) => walkChild(items[index], index, options, report, depth, trail))
    : items.map((item, index) => walkChild(item, index, options, report, depth, trail));
  const marker = selection
    ? omissionMarker(items.length, selection, options, report, trail)
    : undefined;

  return tabulate(walked, marker, report) ?? (marker ? [...walked, marker] : walked);
}

function omissionMarker(
  total: number,
  selection: ReturnType<typeof selectItems>,
  options: WalkOptions,
  report: WalkReport,
  trail: Trail,
): string {
  const dropped = total - selection.kept.length;
  const { errors, anomalies, queryMatches } = selection.reasons;
  report.selections += 1;

  return formatMarker(
    options.originalKey(pathOf(trail), total, selection.kept.length),
    `${dropped} of ${total} items omitted; kept first, last, ${errors} errors, ${anomalies} anomalies, ${queryMatches} query matches and a spread`,
  );
}

function tabulate(
  items: JsonValue[],
  marker: string | undefined,
  report: WalkReport,
): JsonValue | undefined {
  const table = toRecordTable(items);
  if (!table) {
    return undefined;
  }
  if (!tableSaves(table)) {
    return undefined;
  }
  const withMarker = marker ? { ...table, omitted: marker } : table;
  report.tables += 1;

  return withMarker as unknown as JsonObject;
}

// Keys said once instead of once per row: worth it when the rows repeat more
// key text than the header costs. Estimated from key lengths, without
// serialising the table, because this runs for every array of records.
function tableSaves(table: RecordTable): boolean {
  const constant = table.constant ?? {};
  let perRow = 0;
  for (const column of table.columns) {
    perRow += column.length + 3;
  }
  for (const column of Object.keys(constant)) {
    perRow += column.length + 4 + String(constant[column]).length;
  }
  let arrayRows = 0;
  for (const row of table.rows) {
    arrayRows += Array.isArray(row) ? 1 : 0;
  }
  const header = TABLE_FORMAT.length + 40 + perRow;

  return arrayRows * perRow > header * 1.5;
}

function selectNumbers(
  values: number[],
  budget: number,
  options: WalkOptions,
  report: WalkReport,
  trail: Trail,
): JsonValue[] {
  const keep = new Set<number>([0, 1, values.length - 1, ...numberOutliers(values)]);
  const step = values.length / Math.max(1, budget - keep.size + 1);
  for (let slot = 1; keep.size < budget && slot * step < values.length; slot += 1) {
    keep.add(Math.floor(slot * step));
  }
  const kept = [...keep].sort((left, right) => left - right);
  report.selections += 1;
  const note = `${values.length - kept.length} of ${values.length} numbers omitted; ${describeNumbers(values)}`;
  const key = options.originalKey(pathOf(trail), values.length, kept.length);

  return [...kept.map((index) => values[index]), formatMarker(key, note)];
}

function truncateString(
  value: string,
  options: WalkOptions,
  report: WalkReport,
  trail: Trail,
): string {
  let cut = options.keptStringChars;
  // Never split a surrogate pair: the result must stay valid UTF-16 and valid JSON.
  if (/[\uD800-\uDBFF]/.test(value[cut - 1] ?? '')) {
    cut -= 1;
  }
  report.truncations += 1;

  return `${value.slice(0, cut)} … ${formatMarker(options.originalKey(pathOf(trail)), `${value.length - cut} more characters of this string omitted`)}`;
}
