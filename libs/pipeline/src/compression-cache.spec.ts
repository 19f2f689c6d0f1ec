import { CompressionCache } from './compression-cache';

describe(CompressionCache.name, () => {
  const outcome = (size: number) => ({
    status: 'compressed' as const,
    text: 'x'.repeat(size),
    transforms: [],
    originals: [],
  });

  it('evicts the least recently used entries past its byte budget', () => {
    const cache = new CompressionCache(100, 10_000);
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, outcome(1_100));
    cache.get('a');
    cache.set('e', outcome(1_100));

    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('e')).toBeDefined();
  });

  it('does not keep an outcome larger than a quarter of the budget', () => {
    const cache = new CompressionCache(100, 10_000);
    cache.set('big', outcome(2_000));

    expect(cache.size).toBe(0);
  });
});
