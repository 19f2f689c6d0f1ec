import { type JsonObject, type JsonValue, isJsonObject } from './json-value.types';

const ERROR_WORDS =
  /\b(?:error|errors|exception|failed|failure|fatal|critical|panic|crash(?:ed)?|timeout|timed out|denied|rejected|refused|unauthorized|forbidden|invalid)\b/i;
const ERROR_KEYS =
  /^(?:error|errors|exception|failure|fault|errorMessage|error_message|stack|stacktrace)$/i;
const STATUS_KEYS = /^(?:status|state|level|severity|result|outcome|conclusion|health)$/i;
const BAD_STATUS =
  /^(?:error|err|failed|failure|fatal|critical|crit|warn|warning|unhealthy|down|timeout|cancelled|canceled|rejected|denied|dead|crashed)$/i;

const MESSAGE_KEY_TEXT = /"(?:message|msg|reason|detail|description|note|text)"/i;

/**
 * True when a record reports a failure: an error-ish key with a value, a bad
 * status, or a message field naming an error. `serialized` gives the item's
 * JSON text; it is asked for only when the fields already point to an error.
 */
export function isErrorItem(item: JsonValue, serialized: () => string): boolean {
  if (!isJsonObject(item)) {
    return typeof item === 'string' && ERROR_WORDS.test(item);
  }
  if (hasErrorField(item, 0)) {
    return true;
  }
  if (!messageMentionsError(item)) {
    return false;
  }
  const text = serialized();

  return ERROR_WORDS.test(text) && MESSAGE_KEY_TEXT.test(text);
}

function hasErrorField(record: JsonObject, depth: number): boolean {
  for (const key in record) {
    const value = record[key];
    if (ERROR_KEYS.test(key) && isPresent(value)) {
      return true;
    }
    if (STATUS_KEYS.test(key) && typeof value === 'string' && BAD_STATUS.test(value)) {
      return true;
    }
    if (depth < 2 && isJsonObject(value) && hasErrorField(value, depth + 1)) {
      return true;
    }
  }

  return false;
}

function messageMentionsError(record: JsonObject): boolean {
  for (const key in record) {
    const value = record[key];
    if (
      /^(?:message|msg|reason|detail|note|text)$/i.test(key) &&
      typeof value === 'string' &&
      ERROR_WORDS.test(value)
    ) {
      return true;
    }
  }

  return false;
}

function isPresent(value: JsonValue): boolean {
  if (value === null || value === false || value === '' || value === 0) {
    return false;
  }
  if (Array.isArray(value)) {
    return value.length > 0;
  }

  return !(isJsonObject(value) && Object.keys(value).length === 0);
}

/** A stable description of an item's structure: its key list, or its JSON type. */
export function shapeOf(item: JsonValue): string {
  if (isJsonObject(item)) {
    return `{${Object.keys(item).join(',')}}`;
  }
  if (Array.isArray(item)) {
    return '[]';
  }

  return item === null ? 'null' : typeof item;
}
