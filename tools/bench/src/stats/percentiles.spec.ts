import { growthExponent, linearFit } from './linear-fit';
import { percentile, round, summarize } from './percentiles';

describe('percentile', () => {
  it('interpolates between the two closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 0.5)).toBe(30);
    expect(percentile([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48, 10);
    expect(percentile([0, 100], 0.99)).toBeCloseTo(99, 10);
  });

  it('does not depend on the order of the samples', () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
  });

  it('returns the extremes at 0 and 1 and the value of a single sample', () => {
    expect(percentile([3, 9, 1], 0)).toBe(1);
    expect(percentile([3, 9, 1], 1)).toBe(9);
    expect(percentile([7], 0.95)).toBe(7);
  });

  it('is NaN for no samples and rejects a quantile outside 0..1', () => {
    expect(percentile([], 0.5)).toBeNaN();
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('reports count, extremes, mean and percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);

    const summary = summarize(samples);

    expect(summary).toMatchObject({ count: 100, min: 1, max: 100, mean: 50.5, p50: 50.5 });
    expect(summary.p95).toBeCloseTo(95.05, 10);
    expect(summary.p99).toBeCloseTo(99.01, 10);
  });

  it('leaves the input untouched', () => {
    const samples = [3, 1, 2];
    summarize(samples);

    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('round', () => {
  it('keeps three decimals by default', () => {
    expect(round(1.23456)).toBe(1.235);
    expect(round(1.5, 0)).toBe(2);
  });
});

describe('linearFit', () => {
  it('recovers an exact line', () => {
    const fit = linearFit([1, 2, 3, 4], [5, 7, 9, 11]);

    expect(fit.slope).toBeCloseTo(2, 10);
    expect(fit.intercept).toBeCloseTo(3, 10);
    expect(fit.r2).toBeCloseTo(1, 10);
  });

  it('needs two points', () => {
    expect(() => linearFit([1], [1])).toThrow(RangeError);
  });
});

describe('growthExponent', () => {
  it('is 1 for linear and 2 for quadratic growth', () => {
    const sizes = [1_000, 2_000, 4_000, 8_000];

    expect(
      growthExponent(
        sizes,
        sizes.map((n) => 0.003 * n),
      ),
    ).toBeCloseTo(1, 10);
    expect(
      growthExponent(
        sizes,
        sizes.map((n) => 1e-6 * n * n),
      ),
    ).toBeCloseTo(2, 10);
  });
});
