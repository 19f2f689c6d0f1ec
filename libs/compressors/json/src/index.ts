export {
  DEFAULT_JSON_OPTIONS,
  JsonCompressor,
  type JsonCompressorOptions,
} from './json-compressor';
export { TABLE_FORMAT, type RecordTable, toRecordTable } from './record-table';
export { expandTables } from './table-reader';
export type { JsonObject, JsonValue } from './json-value.types';
