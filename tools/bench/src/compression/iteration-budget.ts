import { performance } from 'node:perf_hooks';

/**
 * How long a scenario is measured. Iterations are chosen by time, not fixed,
 * so a 1 ms scenario gets thousands of samples and a 500 ms one a handful,
 * and the whole bench stays within a few minutes on a small machine.
 */
export type IterationBudget = {
  /** Warm-up runs until both are reached: JIT, caches and lazy grammars settle. */
  warmupIterations: number;
  warmupMs: number;
  measureMs: number;
  minIterations: number;
  maxIterations: number;
};

/**
 * A scenario of many inputs (a corpus family) warms up on its first pass
 * alone: that is already dozens of compressor calls.
 */
export function budgetFor(measureMs: number, quick: boolean, inputs = 1): IterationBudget {
  if (quick) {
    return { warmupIterations: 1, warmupMs: 0, measureMs: 0, minIterations: 2, maxIterations: 2 };
  }
  if (inputs > 1) {
    return { warmupIterations: 1, warmupMs: 0, measureMs, minIterations: 2, maxIterations: 5_000 };
  }

  return { warmupIterations: 2, warmupMs: 300, measureMs, minIterations: 3, maxIterations: 5_000 };
}

/** Runs `body` for warm-up, then measured; returns how many measured runs happened. */
export async function iterate(
  budget: IterationBudget,
  body: (iteration: number, measured: boolean) => Promise<void>,
): Promise<number> {
  let iteration = 0;
  const warmupStarted = performance.now();
  for (
    let warm = 0;
    warm < budget.warmupIterations || performance.now() - warmupStarted < budget.warmupMs;
    warm += 1
  ) {
    await body(iteration++, false);
    if (warm >= 50) break;
  }

  const started = performance.now();
  let measured = 0;
  while (
    measured < budget.minIterations ||
    (measured < budget.maxIterations && performance.now() - started < budget.measureMs)
  ) {
    await body(iteration++, true);
    measured += 1;
  }

  return measured;
}
