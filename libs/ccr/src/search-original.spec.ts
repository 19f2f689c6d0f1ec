import { jsonItemSpans } from './json-items';
import { searchOriginal } from './search-original';

function rows(count: number): string {
  const items = Array.from({ length: count }, (_, index) =>
    index === 137
      ? {
          id: index,
          sku: `SKU-${String(index).padStart(4, '0')}`,
          qty: index % 7,
          status: 'error',
          note: 'disk quota exceeded',
        }
      : { id: index, sku: `SKU-${String(index).padStart(4, '0')}`, qty: index % 7, status: 'ok' },
  );

  return JSON.stringify(items);
}

describe('searchOriginal', () => {
  it('finds the matching JSON item in rows(300)', () => {
    const result = searchOriginal(rows(300), 'disk quota');

    expect(result).toEqual({
      results: [
        '{"id":137,"sku":"SKU-0137","qty":4,"status":"error","note":"disk quota exceeded"}',
      ],
      count: 1,
      unit: 'item',
      total: 300,
    });
  });

  it('returns items as stored, never re-serialised', () => {
    const content = '[ {"v": 1.0, "s": "caf\\u00e9"},\n  {"v": 2.50, "s": "tea"} ]';

    expect(searchOriginal(content, 'CAF').results).toEqual(['{"v": 1.0, "s": "caf\\u00e9"}']);
    expect(searchOriginal(content, '2.50').results).toEqual(['{"v": 2.50, "s": "tea"}']);
  });

  it('searches the largest array inside a wrapping object', () => {
    const content = JSON.stringify({ meta: { page: 1 }, tags: ['a'], data: JSON.parse(rows(20)) });

    expect(searchOriginal(content, 'SKU-0013').results).toEqual([
      '{"id":13,"sku":"SKU-0013","qty":6,"status":"ok"}',
    ]);
  });

  it('searches line by line outside JSON, case-insensitively', () => {
    const log = [
      '2026-01-05T10:00:01 INFO worker-1 heartbeat ok',
      '2026-01-05T10:00:02 ERROR db-pool exhausted (max=20)',
      '2026-01-05T10:00:03 INFO worker-2 heartbeat ok',
    ].join('\n');

    expect(searchOriginal(log, 'error DB-POOL')).toEqual({
      results: ['2026-01-05T10:00:02 ERROR db-pool exhausted (max=20)'],
      count: 1,
      unit: 'line',
      total: 3,
    });
  });

  it('falls back to partial matches, most words first, when nothing has them all', () => {
    const text = 'alpha one\nbeta two\nalpha beta three';

    expect(searchOriginal(text, 'alpha beta gamma').results).toEqual([
      'alpha beta three',
      'alpha one',
      'beta two',
    ]);
  });

  it('caps the results but counts every match', () => {
    const result = searchOriginal(rows(300), 'ok', { limit: 5 });

    expect(result.results).toHaveLength(5);
    expect(result.count).toBe(299);
    expect(result.total).toBe(300);
  });

  it('counts only non-empty lines as the total outside JSON', () => {
    expect(searchOriginal('one\n\n  \r\ntwo\r\nthree', 'two').total).toBe(3);
  });

  it('returns nothing for an empty query', () => {
    expect(searchOriginal(rows(3), '   ')).toEqual({
      results: [],
      count: 0,
      unit: 'item',
      total: 3,
    });
  });
});

describe('jsonItemSpans', () => {
  it('keeps nested structures, escapes and brackets inside strings intact', () => {
    const content = '[{"a":[1,{"b":"]}\\""}]},"x\\\\",null,  -1.5e3 ,{"c":{}}]';

    expect(jsonItemSpans(content)).toEqual([
      '{"a":[1,{"b":"]}\\""}]}',
      '"x\\\\"',
      'null',
      '-1.5e3',
      '{"c":{}}',
    ]);
  });

  it('returns undefined for invalid JSON and for scalars', () => {
    expect(jsonItemSpans('[1, 2')).toBeUndefined();
    expect(jsonItemSpans('"just a string"')).toBeUndefined();
    expect(jsonItemSpans('{"no":"arrays"}')).toBeUndefined();
  });
});
