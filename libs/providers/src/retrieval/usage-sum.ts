import type { JsonObject } from '../request-view';
import { isJsonObject } from './retrieval-protocol';

/**
 * The usage of several upstream rounds as one object, in the provider's own
 * shape (BL-23): the client is billed for every round, so it must see every
 * round's tokens. The last round's object is the template: its key order and
 * its non-numeric fields stay as they are, every numeric field (nested ones
 * such as `prompt_tokens_details.cached_tokens` too) becomes the sum over the
 * rounds that sent it, and a counter only an earlier round sent is added
 * after the rest. No field that no round sent ever appears.
 *
 * Rounds whose usage is not an object (absent, `null`) add nothing; the
 * result is undefined when no round reported usage at all.
 */
export function sumUsage(rounds: readonly unknown[]): JsonObject | undefined {
  const objects = rounds.filter(isJsonObject);
  if (objects.length === 0) return undefined;

  return sumObjects(objects);
}

function sumObjects(objects: readonly JsonObject[]): JsonObject {
  const last = objects[objects.length - 1];
  const result: JsonObject = {};

  for (const [key, value] of Object.entries(last)) {
    result[key] = sumField(objects, key, value);
  }
  for (const earlier of objects.slice(0, -1)) {
    for (const [key, value] of Object.entries(earlier)) {
      if (key in result) continue;
      if (typeof value === 'number' || isJsonObject(value)) {
        result[key] = sumField(objects, key, value);
      }
    }
  }

  return result;
}

function sumField(objects: readonly JsonObject[], key: string, template: unknown): unknown {
  const values = objects.map((object) => object[key]);

  if (typeof template === 'number') {
    return values.reduce<number>(
      (total, value) => (typeof value === 'number' ? total + value : total),
      0,
    );
  }
  if (isJsonObject(template)) {
    return sumObjects(values.filter(isJsonObject));
  }

  return template;
}
