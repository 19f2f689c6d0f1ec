import type { JsonObject, JsonValue } from './json-value.types';
import { TABLE_FORMAT } from './record-table';

/**
 * Reads the table form back: every `{format, columns, rows}` object becomes
 * the array of records it stands for (constant columns restored, key order
 * aside). Tools, tests and clients use it to check that nothing was lost.
 */
export function expandTables(value: JsonValue): JsonValue {
  if (Array.isArray(value)) {
    return value.map(expandTables);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (
    value['format'] === TABLE_FORMAT &&
    Array.isArray(value['columns']) &&
    Array.isArray(value['rows'])
  ) {
    const columns = value['columns'] as string[];
    const constant = (value['constant'] ?? {}) as JsonObject;

    const records = value['rows'].map((row) =>
      Array.isArray(row)
        ? Object.fromEntries([
            ...columns.map((column, index) => [column, expandTables(row[index])]),
            ...Object.entries(constant),
          ])
        : expandTables(row),
    );
    // A sampled table carries its marker; as a plain array it would be the last item.
    const omitted = value['omitted'];

    return typeof omitted === 'string' ? [...records, omitted] : records;
  }

  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandTables(item)]));
}
