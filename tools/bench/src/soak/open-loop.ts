import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export type OpenLoopOptions = {
  ratePerSecond: number;
  durationMs: number;
  /** Starts request `index`; the loop never waits for it before starting the next one. */
  fire: (index: number) => Promise<unknown>;
};

export type OpenLoopStats = {
  scheduled: number;
  started: number;
  /** Starts per second over the schedule window: the rate the gateway was offered. */
  achievedRate: number;
  /** Completions per second from the first start to the last completion. */
  completionRate: number;
  /** How late starts were against their slot (the load generator's own lag), in ms. */
  startLagP99Ms: number;
  startLagMaxMs: number;
  maxInFlight: number;
  wallMs: number;
};

/**
 * Open-loop load: request i starts at t0 + i/rate whether or not earlier ones
 * have finished, so a slow gateway meets a growing queue instead of a client
 * that politely slows down with it (closed-loop load hides exactly the
 * stalls a soak is for). A late timer starts every overdue request at once.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopStats> {
  const interval = 1000 / options.ratePerSecond;
  const scheduled = Math.max(1, Math.floor((options.durationMs / 1000) * options.ratePerSecond));
  const inFlight = new Set<Promise<unknown>>();
  const lags: number[] = [];
  const t0 = performance.now();
  let maxInFlight = 0;
  let lastStart = t0;
  let lastDone = t0;

  for (let index = 0; index < scheduled; index += 1) {
    const due = t0 + index * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);

    lastStart = performance.now();
    lags.push(Math.max(0, lastStart - due));
    const running = Promise.resolve()
      .then(() => options.fire(index))
      .catch(() => undefined)
      .finally(() => {
        inFlight.delete(running);
        lastDone = performance.now();
      });
    inFlight.add(running);
    maxInFlight = Math.max(maxInFlight, inFlight.size);
  }

  await Promise.all(inFlight);
  const sortedLags = lags.sort((left, right) => left - right);

  return {
    scheduled,
    started: lags.length,
    achievedRate: lags.length / ((lastStart - t0 + interval) / 1000),
    completionRate: lags.length / ((lastDone - t0) / 1000),
    startLagP99Ms: sortedLags[Math.floor((sortedLags.length - 1) * 0.99)] ?? 0,
    startLagMaxMs: sortedLags[sortedLags.length - 1] ?? 0,
    maxInFlight,
    wallMs: performance.now() - t0,
  };
}
