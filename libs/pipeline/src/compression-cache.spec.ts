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

  it('accounts its bytes as it fills and evicts, never above the bound', () => {
    const cache = new CompressionCache(100, 10_000);
    cache.set('a', outcome(1_000));

    expect(cache.bytes).toBe(2 * 1_000 + 64);

    for (const key of ['b', 'c', 'd', 'e', 'f']) cache.set(key, outcome(1_000));
    cache.set('a', outcome(500));

    expect(cache.bytes).toBeLessThanOrEqual(10_000);
    // Six of 2,064 bytes overflow 10,000: the two oldest went, then 'a' came back smaller.
    expect(cache.bytes).toBe(4 * (2 * 1_000 + 64) + (2 * 500 + 64));
    expect(cache.size).toBe(5);
  });

  it('does not keep an outcome larger than a quarter of the budget', () => {
    const cache = new CompressionCache(100, 10_000);
    cache.set('big', outcome(2_000));

    expect(cache.size).toBe(0);
  });
});
