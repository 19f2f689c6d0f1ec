/** Exact summary figures of a number array, rendered for a marker note. */
export function describeNumbers(values: readonly number[]): string {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
  }
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;

  const exactSum = Number.isSafeInteger(sum) ? `sum=${sum}` : `sum≈${round(sum)}`;

  return `n=${values.length} min=${min} max=${max} ${exactSum} mean≈${round(sum / values.length)} median=${median}`;
}

function round(value: number): number {
  return Number(value.toPrecision(8));
}

/** Indexes of values more than three standard deviations from the mean. */
export function numberOutliers(values: readonly number[]): number[] {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const deviation = Math.sqrt(
    values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length,
  );
  if (deviation === 0) {
    return [];
  }

  return values.flatMap((value, index) => (Math.abs(value - mean) > 3 * deviation ? [index] : []));
}
