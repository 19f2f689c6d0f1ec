import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type PrismaUsageStore, type UsageRow, openUsageStore } from '@headroom/storage';
import { RequestOutcomeMetrics } from '../metrics/request-outcome.metrics';

const FLUSH_INTERVAL_MS = 1_000;
const BATCH_LIMIT = 500;
// A database that is down for long must not grow the buffer without bound.
const BUFFER_LIMIT = 50_000;
const RETRY_LIMIT = 5;

/**
 * Writes usage rows to the database off the request path: rows are buffered
 * and inserted in batches every second (or sooner when a batch fills). A
 * failed batch is retried on the next flush, a few times, then dropped and
 * counted; the gateway never waits for or fails because of this table.
 */
@Injectable()
export class UsageWriter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(UsageWriter.name);
  private store: PrismaUsageStore | undefined;
  private opening: Promise<PrismaUsageStore | undefined> | undefined;
  private buffer: UsageRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failures = 0;
  private closed = false;

  constructor(private readonly metrics: RequestOutcomeMetrics) {}

  async onModuleInit(): Promise<void> {
    await this.open();
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    this.closed = true;
    await this.store?.close();
    this.store = undefined;
  }

  /** The store for reads (history, dashboard); undefined when the database could not be opened. */
  async reader(): Promise<PrismaUsageStore | undefined> {
    if (this.closed) return undefined;

    return this.store ?? this.open();
  }

  push(row: UsageRow): void {
    // A request that ends after shutdown began has nowhere to go.
    if (this.closed || this.buffer.length >= BUFFER_LIMIT) {
      this.metrics.usageRowsDropped.inc();
      return;
    }

    this.buffer.push(row);
    if (this.buffer.length >= BATCH_LIMIT) void this.flush();
  }

  /** Writes everything buffered so far; concurrent callers share one flush. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0) return;

    this.flushing = this.writeBuffered().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  private async writeBuffered(): Promise<void> {
    const store = await this.reader();
    if (!store) return;

    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, BATCH_LIMIT);
      try {
        await store.insertMany(batch);
        this.buffer = this.buffer.slice(batch.length);
        this.failures = 0;
      } catch (error: unknown) {
        this.failures += 1;
        this.logger.warn({
          msg: 'usage batch not written',
          rows: batch.length,
          attempt: this.failures,
          error: error instanceof Error ? error.message : String(error),
        });
        if (this.failures >= RETRY_LIMIT) {
          this.buffer = this.buffer.slice(batch.length);
          this.metrics.usageRowsDropped.inc(batch.length);
          this.failures = 0;
        }
        return;
      }
    }
  }

  private open(): Promise<PrismaUsageStore | undefined> {
    this.opening ??= openUsageStore()
      .then((store) => {
        this.store = store;
        this.logger.log({ msg: 'usage store ready', provider: store.provider });
        return store;
      })
      .catch((error: unknown) => {
        // Usage history is an add-on: the gateway keeps serving without it.
        this.logger.error({
          msg: 'usage store unavailable, usage history is not recorded',
          error: error instanceof Error ? error.message : String(error),
        });
        this.opening = undefined;
        return undefined;
      });

    return this.opening;
  }
}
