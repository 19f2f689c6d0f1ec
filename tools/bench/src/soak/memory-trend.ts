import { linearFit } from '../stats/linear-fit';

/** One post-GC reading of the gateway process, `atMs` after the load started. */
export type MemoryPoint = {
  atMs: number;
  heapUsedBytes: number;
  rssBytes: number;
};

export type Tolerance = {
  /** Growth allowed as a share of the first post-warm-up heap, e.g. 0.1. */
  share: number;
  /** Growth always allowed, whatever the share says, e.g. 8 MiB. */
  bytes: number;
};

export const DEFAULT_TOLERANCE: Tolerance = { share: 0.1, bytes: 8 * 1024 * 1024 };

export type MemoryTrend = {
  /** Readings after the warm-up, the ones the verdict rests on. */
  points: MemoryPoint[];
  first: MemoryPoint;
  middle: MemoryPoint;
  last: MemoryPoint;
  heapSlopeBytesPerMinute: number;
  /** What the fitted line grows over the measured window: robust to one noisy reading. */
  heapFittedGrowthBytes: number;
  heapLastMinusFirstBytes: number;
  rssSlopeBytesPerMinute: number;
  rssLastMinusFirstBytes: number;
  toleranceBytes: number;
  isFlat: boolean;
};

const MINUTE_MS = 60_000;

/**
 * Is the post-GC heap flat after the warm-up? A least-squares line through
 * the readings must not rise by more than max(share × first, bytes) across
 * the window. A bounded cache that is still filling fails this on purpose:
 * the warm-up must be long enough for it to reach its bound.
 */
export function memoryTrend(
  readings: readonly MemoryPoint[],
  warmupMs: number,
  tolerance: Tolerance = DEFAULT_TOLERANCE,
): MemoryTrend {
  const points = readings.filter((point) => point.atMs >= warmupMs);
  if (points.length < 3) {
    throw new RangeError(
      `a memory trend needs three readings after the ${warmupMs} ms warm-up, got ${points.length}`,
    );
  }

  const first = points[0];
  const last = points[points.length - 1];
  const times = points.map((point) => point.atMs / MINUTE_MS);
  const heap = linearFit(
    times,
    points.map((point) => point.heapUsedBytes),
  );
  const rss = linearFit(
    times,
    points.map((point) => point.rssBytes),
  );
  const windowMinutes = (last.atMs - first.atMs) / MINUTE_MS;
  const heapFittedGrowthBytes = heap.slope * windowMinutes;
  const toleranceBytes = Math.max(tolerance.share * first.heapUsedBytes, tolerance.bytes);

  return {
    points,
    first,
    middle: points[Math.floor(points.length / 2)],
    last,
    heapSlopeBytesPerMinute: heap.slope,
    heapFittedGrowthBytes,
    heapLastMinusFirstBytes: last.heapUsedBytes - first.heapUsedBytes,
    rssSlopeBytesPerMinute: rss.slope,
    rssLastMinusFirstBytes: last.rssBytes - first.rssBytes,
    toleranceBytes,
    isFlat: heapFittedGrowthBytes <= toleranceBytes,
  };
}
