import { type JsonValue, expandTables } from '@headroom/compressor-json';
import type { Fidelity } from '../quality.types';
import { failed, scoreNeedles } from './needle-score';

const ERROR_KEY = /^(?:error|errors|errorMessage|error_message|exception|failure|failures|fault)$/i;
const STATUS_KEY = /^(?:status|state|level|severity|conclusion|result)$/i;
const BAD_VALUE = /^(?:error|failed|failure|fatal|critical|crashed|unhealthy|denied|rejected)$/i;
const MIN_RECORDS_FOR_OUTLIERS = 20;
const OUTLIER_SIGMAS = 4;

/**
 * JSON keeps its error and anomaly records: every object with an error-like
 * field or a failed status, and every record whose number lies more than
 * four standard deviations from its column's mean, must appear intact in the
 * output once its tables are read back. The output must also parse.
 */
export function jsonFidelity(input: string, output: string): Fidelity {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(output) as JsonValue;
  } catch {
    return failed('output is not JSON');
  }
  const needles: string[] = [];
  collect(JSON.parse(input) as JsonValue, needles, 0);
  const present = new Set<string>();
  gatherObjects(expandTables(parsed), present, 0);

  return scoreNeedles(needles, (needle) => present.has(needle));
}

function collect(value: JsonValue, needles: string[], depth: number): void {
  if (depth > 40 || value === null || typeof value !== 'object') {
    return;
  }
  if (Array.isArray(value)) {
    outliers(value).forEach((record) => needles.push(canonical(record)));
    value.forEach((item) => collect(item, needles, depth + 1));
    return;
  }
  if (isErrorRecord(value)) {
    needles.push(canonical(value));
  }
  Object.values(value).forEach((item) => collect(item, needles, depth + 1));
}

function isErrorRecord(record: { [key: string]: JsonValue }): boolean {
  return Object.entries(record).some(
    ([key, item]) =>
      (ERROR_KEY.test(key) &&
        item !== null &&
        item !== '' &&
        !(Array.isArray(item) && item.length === 0)) ||
      (STATUS_KEY.test(key) && typeof item === 'string' && BAD_VALUE.test(item)),
  );
}

function outliers(items: JsonValue[]): JsonValue[] {
  const records = items.filter(
    (item): item is { [key: string]: JsonValue } =>
      typeof item === 'object' && item !== null && !Array.isArray(item),
  );
  if (records.length < MIN_RECORDS_FOR_OUTLIERS) {
    return [];
  }
  const found = new Set<JsonValue>();
  for (const key of new Set(records.flatMap((record) => Object.keys(record)))) {
    const numbers = records.filter((record) => typeof record[key] === 'number');
    if (numbers.length < MIN_RECORDS_FOR_OUTLIERS) {
      continue;
    }
    const values = numbers.map((record) => record[key] as number);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const deviation = Math.sqrt(
      values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length,
    );
    numbers.forEach(
      (record, index) =>
        deviation > 0 &&
        Math.abs(values[index] - mean) > OUTLIER_SIGMAS * deviation &&
        found.add(record),
    );
  }

  return [...found];
}

function gatherObjects(value: JsonValue, present: Set<string>, depth: number): void {
  if (depth > 40 || value === null || typeof value !== 'object') {
    return;
  }
  if (!Array.isArray(value)) {
    present.add(canonical(value));
  }
  (Array.isArray(value) ? value : Object.values(value)).forEach((item) =>
    gatherObjects(item, present, depth + 1),
  );
}

// Key order is not data: compare records with their keys sorted.
function canonical(value: JsonValue): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }

  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}
