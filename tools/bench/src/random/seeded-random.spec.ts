import {
  apiResponses,
  databaseRows,
  mixedArray,
  numberArray,
  searchResults,
  stringArray,
} from '../generators/json-scenarios';
import { serviceLog } from '../generators/log-lines';
import { SeededRandom } from './seeded-random';

describe(SeededRandom.name, () => {
  describe('next', () => {
    it('gives the same sequence for the same seed and another for another seed', () => {
      const sequence = (seed: number) => {
        const random = new SeededRandom(seed);
        return Array.from({ length: 8 }, () => random.next());
      };

      expect(sequence(42)).toEqual(sequence(42));
      expect(sequence(42)).not.toEqual(sequence(43));
    });

    it('stays in [0, 1)', () => {
      const random = new SeededRandom(7);
      const values = Array.from({ length: 10_000 }, () => random.next());

      expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...values)).toBeLessThan(1);
    });
  });

  describe('int', () => {
    it('covers both ends of the range', () => {
      const random = new SeededRandom(1);
      const seen = new Set(Array.from({ length: 1_000 }, () => random.int(1, 3)));

      expect([...seen].sort()).toEqual([1, 2, 3]);
    });
  });
});

describe('generators', () => {
  const cases: Array<[string, (count: number, seed?: number) => string]> = [
    ['searchResults', searchResults],
    ['apiResponses', apiResponses],
    ['databaseRows', databaseRows],
    ['stringArray', stringArray],
    ['numberArray', numberArray],
    ['mixedArray', mixedArray],
    ['serviceLog', serviceLog],
  ];

  it.each(cases)('%s gives the same bytes for the same seed', (_name, make) => {
    expect(make(120, 9)).toBe(make(120, 9));
    expect(make(120, 9)).not.toBe(make(120, 10));
  });

  it.each(cases.slice(0, 6))(
    '%s emits valid JSON with the asked number of items',
    (_name, make) => {
      const value = JSON.parse(make(37, 3)) as unknown;
      const items = Array.isArray(value)
        ? value
        : ((value as { results?: unknown[]; data?: unknown[] }).results ??
          (value as { data?: unknown[] }).data);

      expect(items).toHaveLength(37);
    },
  );

  it('serviceLog emits exactly the asked number of lines', () => {
    expect(serviceLog(500).split('\n')).toHaveLength(500);
  });
});
