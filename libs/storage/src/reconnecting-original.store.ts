import type {
  LookupResult,
  OriginalMetadata,
  OriginalRecord,
  RetrievalIntent,
} from '@headroom/contracts';
import type { AuditEntry, ManagedOriginalStore, OriginalStoreStats } from '@headroom/ccr';
import type { DatabaseProvider } from './database-target';
import type { PrismaOriginalStore } from './prisma-original.store';
import {
  classifyStorageError,
  type HealthReporting,
  type StorageFault,
  type StorageHealth,
} from './storage-health';
import { StorageUnavailableError } from './write-outcome.tracker';

export type ReconnectingStoreOptions = {
  provider: DatabaseProvider;
  /** Opens (and migrates) the real store; called again until it succeeds. */
  open: () => Promise<PrismaOriginalStore>;
  /** Delays between attempts; the last one repeats. */
  retryDelaysMs?: readonly number[];
  onAttemptFailed?: (fault: StorageFault, attempt: number) => void;
  onOpened?: (attempt: number) => void;
};

const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * A store whose database was unreachable when the process started. Until it
 * opens, every call fails with `StorageUnavailableError('unreachable')`, so
 * the pipeline sends blocks uncompressed (fail-open) and no marker goes out
 * without its original; meanwhile it keeps trying to open in the background
 * and, once open, behaves exactly like the store it wraps.
 */
export class ReconnectingOriginalStore implements ManagedOriginalStore, HealthReporting {
  private store: PrismaOriginalStore | undefined;
  private timer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private closed = false;
  private lastFault: StorageFault = 'unreachable';
  private readonly refused = new Map<StorageFault, number>();

  constructor(private readonly options: ReconnectingStoreOptions) {}

  /** Starts the attempts; the first one runs after the first delay (the caller has just failed one). */
  start(): this {
    this.schedule();

    return this;
  }

  get isOpen(): boolean {
    return this.store !== undefined;
  }

  save(records: readonly OriginalRecord[], metadata: OriginalMetadata): Promise<void> {
    return this.opened((store) => store.save(records, metadata));
  }

  lookup(
    tenant: string,
    key: string,
    actor?: string,
    intent?: RetrievalIntent,
  ): Promise<LookupResult> {
    return this.opened((store) => store.lookup(tenant, key, actor, intent));
  }

  refresh(tenant: string, keys: readonly string[]): Promise<string[]> {
    return this.opened((store) => store.refresh(tenant, keys));
  }

  purgeExpired(now?: Date): Promise<number> {
    return this.opened((store) => store.purgeExpired(now));
  }

  stats(tenant: string): Promise<OriginalStoreStats> {
    return this.opened((store) => store.stats(tenant));
  }

  auditEvents(since: Date, until: Date): Promise<AuditEntry[]> {
    return this.opened((store) => store.auditEvents(since, until));
  }

  async health(timeoutMs?: number): Promise<StorageHealth> {
    if (!this.store) {
      return { status: 'down', provider: this.options.provider, reason: this.lastFault };
    }

    return this.store.health(timeoutMs);
  }

  writeFailures(): ReadonlyMap<StorageFault, number> {
    const merged = new Map(this.refused);
    for (const [fault, count] of this.store?.writeFailures() ?? []) {
      merged.set(fault, (merged.get(fault) ?? 0) + count);
    }

    return merged;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.store?.close();
  }

  private opened<T>(call: (store: PrismaOriginalStore) => Promise<T>): Promise<T> {
    if (this.store) {
      return call(this.store);
    }

    this.refused.set(this.lastFault, (this.refused.get(this.lastFault) ?? 0) + 1);

    return Promise.reject(new StorageUnavailableError(this.lastFault));
  }

  private schedule(): void {
    const delays = this.options.retryDelaysMs ?? RETRY_DELAYS_MS;
    const delay = delays[Math.min(this.attempts, delays.length - 1)];
    this.timer = setTimeout(() => void this.attempt(), delay);
    // Waiting for the database is no reason to keep a stopping process alive.
    this.timer.unref();
  }

  private async attempt(): Promise<void> {
    this.attempts += 1;

    try {
      const store = await this.options.open();
      if (this.closed) {
        await store.close();

        return;
      }
      this.store = store;
      this.options.onOpened?.(this.attempts);
    } catch (error) {
      const fault = classifyStorageError(error);
      this.lastFault = fault === 'error' ? 'unreachable' : fault;
      this.options.onAttemptFailed?.(this.lastFault, this.attempts);
      if (!this.closed) {
        this.schedule();
      }
    }
  }
}
