import type { ManagedOriginalStore } from './managed-original.store';

export type SweepLogger = {
  log(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
};

export type RetentionSweeper = {
  /** Runs one purge now; resolves with how many rows it removed. */
  sweep(): Promise<number>;
  stop(): void;
};

/**
 * Embedded mode's retention job: purges expired originals on an unref'd
 * interval, so it never keeps a process alive. Sweeps never overlap. In
 * distributed mode a BullMQ repeatable job calls the same `purgeExpired`.
 */
export function startRetentionSweeper(
  store: Pick<ManagedOriginalStore, 'purgeExpired'>,
  intervalMs: number,
  logger?: SweepLogger,
): RetentionSweeper {
  let running: Promise<number> | undefined;

  const purgeOnce = async (): Promise<number> => {
    const started = Date.now();
    try {
      const purged = await store.purgeExpired();
      if (purged > 0) {
        logger?.log('ccr purge done', { purged, durationMs: Date.now() - started });
      }

      return purged;
    } catch (error) {
      logger?.warn('ccr purge failed', { error: (error as Error).message });

      return 0;
    }
  };

  const sweep = (): Promise<number> => {
    if (!running) {
      running = purgeOnce().finally(() => {
        running = undefined;
      });
    }

    return running;
  };

  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();

  return { sweep, stop: () => clearInterval(timer) };
}
