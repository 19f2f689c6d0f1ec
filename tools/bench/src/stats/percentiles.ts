export type Summary = {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
};

/**
 * The q-quantile (0..1) of the samples, interpolating linearly between the
 * two closest ranks (the common "type 7" definition), so p50 of an even-sized
 * sample is the mean of its two middle values.
 */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) {
    return Number.NaN;
  }
  if (q < 0 || q > 1) {
    throw new RangeError(`quantile ${q} is outside 0..1`);
  }

  const sorted = [...samples].sort((left, right) => left - right);

  return quantileOfSorted(sorted, q);
}

function quantileOfSorted(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const weight = position - lower;

  return sorted[lower] + (sorted[upper] - sorted[lower]) * weight;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) {
    return { count: 0, min: NaN, max: NaN, mean: NaN, p50: NaN, p95: NaN, p99: NaN };
  }

  const sorted = [...samples].sort((left, right) => left - right);
  const total = sorted.reduce((sum, value) => sum + value, 0);

  return {
    count: sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    mean: total / sorted.length,
    p50: quantileOfSorted(sorted, 0.5),
    p95: quantileOfSorted(sorted, 0.95),
    p99: quantileOfSorted(sorted, 0.99),
  };
}

/** Rounds for the result files: three decimals are below any timer's noise. */
export function round(value: number, decimals = 3): number {
  const factor = 10 ** decimals;

  return Math.round(value * factor) / factor;
}

export function roundSummary(summary: Summary): Summary {
  return {
    count: summary.count,
    min: round(summary.min),
    max: round(summary.max),
    mean: round(summary.mean),
    p50: round(summary.p50),
    p95: round(summary.p95),
    p99: round(summary.p99),
  };
}
