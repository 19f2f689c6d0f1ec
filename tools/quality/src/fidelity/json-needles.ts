import type { Fidelity } from '../quality.types';
import { failed, scoreNeedles } from './needle-score';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ERROR_KEY = /^(?:error|errors|errorMessage|error_message|exception|failure|failures|fault)$/i;
const STATUS_KEY = /^(?:status|state|level|severity|conclusion|result)$/i;
const BAD_VALUE = /^(?:error|failed|failure|fatal|critical|crashed|unhealthy|denied|rejected)$/i;

/**
 * JSON keeps its error and anomaly records: every value under an error-like
 * key, and every record whose status says it failed, must still be in the
 * output. The output must also parse.
 */
export function jsonFidelity(input: string, output: string): Fidelity {
  try {
    JSON.parse(output);
  } catch {
    return failed('output is not JSON');
  }
  const needles: string[] = [];
  collect(JSON.parse(input) as Json, needles, 0);

  return scoreNeedles(needles, (needle) => output.includes(needle));
}

function collect(value: Json, needles: string[], depth: number): void {
  if (depth > 40 || value === null || typeof value !== 'object') {
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item) => collect(item, needles, depth + 1));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (
      ERROR_KEY.test(key) &&
      item !== null &&
      item !== '' &&
      !(Array.isArray(item) && item.length === 0)
    ) {
      needles.push(leaf(item));
    } else if (STATUS_KEY.test(key) && typeof item === 'string' && BAD_VALUE.test(item)) {
      needles.push(
        leaf(
          Object.values(value).find((other) => typeof other === 'string' && other !== item) ?? item,
        ),
      );
    }
    collect(item, needles, depth + 1);
  }
}

// The first string under a value: short enough to find verbatim in any table layout.
function leaf(value: Json): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) {
      const found = leaf(item);
      if (found !== '') {
        return found;
      }
    }
    return '';
  }

  return JSON.stringify(value);
}
