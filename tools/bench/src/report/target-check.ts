import type { TargetCheck } from './bench-result.schema';

/** A target is reported, never asserted: the gap is what the issue tracks. */
export function checkTarget(
  name: string,
  metric: string,
  comparison: '<=' | '>=',
  limit: number,
  actual: number,
  unit: string,
): TargetCheck {
  const met = comparison === '<=' ? actual <= limit : actual >= limit;

  return { name, metric, comparison, limit, actual, unit, met: Number.isFinite(actual) && met };
}
