export type LinearFit = {
  /** y at x = 0. */
  intercept: number;
  /** Change in y per unit of x. */
  slope: number;
  /** Share of the variance the line explains, 0..1. */
  r2: number;
};

/** Ordinary least squares of y on x. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
  if (xs.length !== ys.length || xs.length < 2) {
    throw new RangeError('a fit needs at least two (x, y) pairs of equal length');
  }

  const n = xs.length;
  const meanX = xs.reduce((sum, x) => sum + x, 0) / n;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;

  for (let index = 0; index < n; index += 1) {
    const dx = xs[index] - meanX;
    const dy = ys[index] - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }

  const slope = varianceX === 0 ? 0 : covariance / varianceX;
  const r2 =
    varianceX === 0 || varianceY === 0 ? 1 : (covariance * covariance) / (varianceX * varianceY);

  return { intercept: meanY - slope * meanX, slope, r2 };
}

/**
 * The exponent k of t ≈ c·n^k, from a fit in log-log space: 1 is linear
 * growth, 2 quadratic. More robust than a ratio of two points.
 */
export function growthExponent(sizes: readonly number[], times: readonly number[]): number {
  return linearFit(sizes.map(Math.log), times.map(Math.log)).slope;
}
