import fc from 'fast-check';
import { childPath, indexSpans } from './json-spans';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Every container and string of a parsed document, with its path.
function valuesByPath(value: Json, path = '', found = new Map<string, Json>()): Map<string, Json> {
  if (typeof value === 'string' || (typeof value === 'object' && value !== null)) {
    found.set(path, value);
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => valuesByPath(item, childPath(path, index), found));
  } else if (typeof value === 'object' && value !== null) {
    Object.entries(value).forEach(([key, item]) => valuesByPath(item, childPath(path, key), found));
  }

  return found;
}

describe(indexSpans.name, () => {
  it('finds the exact source text of nested values, escaped keys included', () => {
    const text = '{"a\\"b": [1, {"c": "x\\\\y"}], "d": {"e": []}}';
    const spans = indexSpans(text);
    const slice = (path: string): string => {
      const span = spans.get(path);
      return span ? text.slice(span.start, span.end) : '';
    };

    expect(slice(childPath('', 'a"b'))).toBe('[1, {"c": "x\\\\y"}]');
    expect(slice(childPath(childPath(childPath('', 'a"b'), 1), 'c'))).toBe('"x\\\\y"');
    expect(slice(childPath(childPath('', 'd'), 'e'))).toBe('[]');
    expect(slice('')).toBe(text);
  });

  it('maps every container and string of any document to a slice that parses to it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const spans = indexSpans(text);
        for (const [path, expected] of valuesByPath(JSON.parse(text) as Json)) {
          const span = spans.get(path);

          expect(span).toBeDefined();
          expect(JSON.parse(text.slice(span?.start, span?.end))).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with a filter, still maps every long enough array and string to its own slice', () => {
    const filter = { minStringLength: 6, minArrayItems: 3, objects: false };
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const spans = indexSpans(text, filter);
        for (const [path, expected] of valuesByPath(JSON.parse(text) as Json)) {
          const wanted =
            (Array.isArray(expected) && expected.length >= filter.minArrayItems) ||
            (typeof expected === 'string' && JSON.stringify(expected).length >= 6);
          const span = spans.get(path);
          if (!wanted) {
            continue;
          }

          expect(span).toBeDefined();
          expect(JSON.parse(text.slice(span?.start, span?.end))).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the last occurrence of a duplicated key, as JSON.parse does', () => {
    const text = '{"a": [1, 2, 3, 4], "a": [5, 6, 7]}';
    const span = indexSpans(text, { minStringLength: 0, minArrayItems: 3, objects: false }).get(
      childPath('', 'a'),
    );

    expect(span && text.slice(span.start, span.end)).toBe('[5, 6, 7]');
  });
});
