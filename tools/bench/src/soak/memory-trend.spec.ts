import { memoryTrend } from './memory-trend';

const MB = 2 ** 20;

function readings(
  heapMbAt: (minute: number) => number,
  minutes = 10,
): Array<{ atMs: number; heapUsedBytes: number; rssBytes: number }> {
  return Array.from({ length: minutes * 2 + 1 }, (_, index) => {
    const minute = index / 2;

    return { atMs: minute * 60_000, heapUsedBytes: heapMbAt(minute) * MB, rssBytes: 300 * MB };
  });
}

describe(memoryTrend.name, () => {
  it('calls a heap flat when it only wobbles around a level after the warm-up', () => {
    const trend = memoryTrend(
      readings((minute) => 80 + (minute % 1 === 0 ? 1.5 : -1.5)),
      60_000,
    );

    expect(trend.isFlat).toBe(true);
    expect(Math.abs(trend.heapFittedGrowthBytes)).toBeLessThan(2 * MB);
    expect(trend.first.atMs).toBe(60_000);
  });

  it('calls a steady climb a leak once it passes max(10%, 8 MB) over the window', () => {
    const trend = memoryTrend(
      readings((minute) => 80 + 2 * minute),
      60_000,
    );

    expect(trend.isFlat).toBe(false);
    expect(trend.heapSlopeBytesPerMinute / MB).toBeCloseTo(2, 6);
    expect(trend.heapFittedGrowthBytes / MB).toBeCloseTo(18, 6);
    // 10% of the first reading after the warm-up (82 MB at minute 1).
    expect(trend.toleranceBytes / MB).toBeCloseTo(8.2, 6);
  });

  it('forgives growth during the warm-up: a cache that filled and stopped is flat', () => {
    const filling = (minute: number) => (minute < 3 ? 60 + 10 * minute : 90);

    expect(memoryTrend(readings(filling), 3 * 60_000).isFlat).toBe(true);
    expect(memoryTrend(readings(filling), 0).isFlat).toBe(false);
  });

  it('allows at least 8 MB for a small heap and 10% for a large one', () => {
    expect(
      memoryTrend(
        readings(() => 40),
        0,
      ).toleranceBytes,
    ).toBe(8 * MB);
    expect(
      memoryTrend(
        readings(() => 200),
        0,
      ).toleranceBytes,
    ).toBe(20 * MB);
  });

  it('needs three readings after the warm-up', () => {
    expect(() =>
      memoryTrend(
        readings(() => 50, 1),
        60_000,
      ),
    ).toThrow(RangeError);
  });
});
