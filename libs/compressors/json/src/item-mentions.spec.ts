import fc from 'fast-check';
import { itemsMentioning } from './item-mentions';
import type { JsonValue } from './json-value.types';
import { queryTerms } from './query-terms';

// The definition the selector used item by item, which the single pass must match.
function mentionsOneByOne(items: readonly JsonValue[], terms: readonly string[]): number[][] {
  const lowered = items.map((item) => JSON.stringify(item).toLowerCase());

  return terms.map((term) =>
    lowered.flatMap((text, index) => (text.includes(term) ? [index] : [])),
  );
}

// Letters whose lowercase depends on their neighbours or changes the length.
const TRICKY = fc.constantFrom('Σ', 'ΑΣ', 'İ', 'ß', 'ǅ', 'ﬃ', '"', '\\', ',', ']', '\u2028', 'é');
const words = fc.stringMatching(/^[A-Za-z0-9ΣİéÉ:._@/-]{1,8}$/);
const text = fc
  .array(fc.oneof(words, TRICKY, fc.string({ maxLength: 4 })), { maxLength: 6 })
  .map((parts) => parts.join(' '));
const value: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(true, false, null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
  ),
})).value;

describe(itemsMentioning.name, () => {
  it('finds exactly the items whose lowercased JSON contains each query term', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 25 }),
        fc.array(text, { maxLength: 3 }),
        (items, queries) => {
          const terms = queryTerms(queries.join(' '));
          // Terms taken from the items themselves, so that most of them hit.
          const found = queryTerms(JSON.stringify(items)).slice(0, 6);

          expect(itemsMentioning(items, [...terms, ...found])).toEqual(
            mentionsOneByOne(items, [...terms, ...found]),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('stops a term at one past the limit, the first items in order', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 25 }), fc.nat(5), (items, limit) => {
        const terms = queryTerms(JSON.stringify(items)).slice(0, 6);

        expect(itemsMentioning(items, terms, limit)).toEqual(
          mentionsOneByOne(items, terms).map((hits) => hits.slice(0, limit + 1)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a term that recurs in one item to that item once', () => {
    const items: JsonValue[] = [{ note: 'disk disk disk' }, 'Disk', 3, { disk: 'full' }];

    expect(itemsMentioning(items, ['disk', 'full', 'absent'])).toEqual([[0, 1, 3], [3], []]);
  });
});
