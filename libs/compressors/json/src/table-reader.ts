import { TABLE_FORMAT } from '../src/record-table';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Test-side reader of the table form: rebuilds the records it stands for. */
export function expandTables(value: Json): Json {
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
    const constant = (value['constant'] ?? {}) as { [key: string]: Json };

    return value['rows'].map((row) =>
      Array.isArray(row)
        ? Object.fromEntries([
            ...columns.map((column, index) => [column, expandTables(row[index])]),
            ...Object.entries(constant),
          ])
        : expandTables(row),
    );
  }

  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandTables(item)]));
}
