import { type JsonObject, type JsonValue, isJsonObject, setKey } from './json-value.types';

/**
 * Lossless table form of an array of records: the shared key list once, then
 * one array of values per record. Records whose keys differ from the columns
 * (missing, extra or reordered) stay objects inside `rows`, so every record
 * can be rebuilt exactly; columns whose value never changes move to
 * `constant`. The `format` field tells the model how to read it.
 */
export const TABLE_FORMAT =
  'table: each array in rows holds the values of columns in order, plus every constant; object rows are records as-is';

export type RecordTable = {
  format: string;
  columns: string[];
  constant?: JsonObject;
  rows: JsonValue[];
  omitted?: string;
};

const MIN_TABLE_ROWS = 4;
const MIN_CONFORMING_SHARE = 0.6;

export function toRecordTable(items: readonly JsonValue[]): RecordTable | undefined {
  if (items.length < MIN_TABLE_ROWS || !items.every(isJsonObject)) {
    return undefined;
  }
  const records = items as JsonObject[];
  const columns = dominantKeys(records);
  if (columns.length < 2) {
    return undefined;
  }
  const conforming = records.filter((record) => hasExactKeys(record, columns));
  if (conforming.length / records.length < MIN_CONFORMING_SHARE) {
    return undefined;
  }
  const constant = constantColumns(conforming, columns);
  const varying = columns.filter((column) => !(column in constant));
  const rows = records.map((record) =>
    hasExactKeys(record, columns) ? varying.map((column) => record[column]) : record,
  );
  const table: RecordTable = { format: TABLE_FORMAT, columns: varying, rows };

  return Object.keys(constant).length > 0
    ? { format: TABLE_FORMAT, columns: varying, constant, rows }
    : table;
}

// The key sequence most records share; ties go to the one seen first.
function dominantKeys(records: readonly JsonObject[]): string[] {
  const counts = new Map<string, { keys: string[]; count: number }>();
  let best: { keys: string[]; count: number } | undefined;
  for (const record of records) {
    const keys = Object.keys(record);
    const signature = keys.join('\u0000');
    const entry = counts.get(signature) ?? { keys, count: 0 };
    entry.count += 1;
    counts.set(signature, entry);
    if (best === undefined || entry.count > best.count) {
      best = entry;
    }
  }

  return best?.keys ?? [];
}

function hasExactKeys(record: JsonObject, columns: readonly string[]): boolean {
  let index = 0;
  for (const key in record) {
    if (columns[index] !== key) {
      return false;
    }
    index += 1;
  }

  return index === columns.length;
}

function constantColumns(records: readonly JsonObject[], columns: readonly string[]): JsonObject {
  const constant: JsonObject = {};
  if (records.length < MIN_TABLE_ROWS) {
    return constant;
  }
  for (const column of columns) {
    const first = records[0][column];
    if (typeof first === 'object' && first !== null) {
      continue;
    }
    if (records.every((record) => record[column] === first)) {
      setKey(constant, column, first);
    }
  }
  // A table needs at least one varying column to be a table at all.
  return Object.keys(constant).length < columns.length ? constant : {};
}
