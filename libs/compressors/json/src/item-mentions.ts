import { stringEnd } from './json-spans';
import type { JsonValue } from './json-value.types';

const QUOTE = 34;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/**
 * For each term, the indexes of the items whose JSON text contains it, case
 * folded: what `JSON.stringify(item).toLowerCase().includes(term)` says item
 * by item, from one serialisation of the whole array. Terms are lowercase
 * and hold no comma or bracket, so no match can span two items. A term found
 * in more than `limit` items stops there (its list has `limit + 1` entries):
 * a caller that ignores common terms needs to know no more.
 */
export function itemsMentioning(
  items: readonly JsonValue[],
  terms: readonly string[],
  limit = Infinity,
): number[][] {
  if (items.length === 0) {
    return terms.map(() => []);
  }
  // `[a,b]` is `[` + each item's own JSON joined by commas; lowercasing the
  // whole equals lowercasing each item, because every letter sits inside a
  // string or literal whose neighbours are not letters.
  const text = JSON.stringify(items).toLowerCase();
  const starts = itemStarts(text, items.length);

  return terms.map((term) => {
    const hits: number[] = [];
    let item = 0;
    for (let at = text.indexOf(term); at !== -1;) {
      while (item + 1 < starts.length && starts[item + 1] <= at) {
        item += 1;
      }
      hits.push(item);
      if (item + 1 >= starts.length || hits.length > limit) {
        break;
      }
      at = text.indexOf(term, starts[item + 1]);
    }

    return hits;
  });
}

// Where each item's text starts in the serialised array: after the opening
// bracket and after every comma at depth one.
function itemStarts(text: string, count: number): number[] {
  const starts = [1];
  let depth = 0;
  for (let index = 1; index < text.length && starts.length < count; index += 1) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      index = stringEnd(text, index) - 1;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
    } else if (code === COMMA && depth === 0) {
      starts.push(index + 1);
    }
  }

  return starts;
}
