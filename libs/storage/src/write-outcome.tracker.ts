import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import { classifyStorageError, type StorageFault } from './storage-health';

/**
 * A store call refused without touching the database because of a known
 * fault, or a read the database could not serve for one (then `cause` is the
 * driver's error). Not a bug and not the caller's mistake: try again later.
 */
export class StorageUnavailableError extends Error {
  constructor(
    readonly fault: StorageFault,
    options?: { cause?: unknown },
  ) {
    super(`storage unavailable: ${fault}`, options);
    this.name = 'StorageUnavailableError';
  }
}

/**
 * Remembers how the latest write went and counts failures by fault. While
 * the latest write failed, one save at a time is let through to find out
 * whether the fault has cleared; the others fail at once. A locked or full
 * database then costs a request nothing instead of a wait in the queue
 * behind saves that are bound to fail.
 */
export class WriteOutcomeTracker {
  private fault: StorageFault | undefined;
  private inFlight = 0;
  private failureCount = 0;
  private readonly failures = new Map<StorageFault, number>();

  get latestFault(): StorageFault | undefined {
    return this.fault;
  }

  counts(): ReadonlyMap<StorageFault, number> {
    return this.failures;
  }

  /** A mark to pass to `failedSince` later. */
  mark(): number {
    return this.failureCount;
  }

  /**
   * The fault, if a write failed after `mark` and none has succeeded since:
   * a save that waited in the queue behind a failing one need not try again.
   */
  failedSince(mark: number): StorageFault | undefined {
    return this.failureCount > mark ? this.fault : undefined;
  }

  async track<T>(write: () => Promise<T>, options: { failFast: boolean }): Promise<T> {
    if (options.failFast && this.fault && this.inFlight > 0) {
      this.count(this.fault);
      throw new StorageUnavailableError(this.fault);
    }

    this.inFlight += 1;
    try {
      const result = await write();
      this.fault = undefined;

      return result;
    } catch (error) {
      this.fault =
        error instanceof StorageUnavailableError ? error.fault : classifyStorageError(error);
      this.count(this.fault);
      throw error;
    } finally {
      this.inFlight -= 1;
    }
  }

  private count(fault: StorageFault): void {
    this.failureCount += 1;
    this.failures.set(fault, (this.failures.get(fault) ?? 0) + 1);
  }
}

/**
 * The files of one SQLite database. SQLite maps the `-shm` WAL index into
 * memory; if that file stops being writable under a live mapping (an
 * immutable flag, a read-only remount), the next store to the mapping kills
 * the process with SIGBUS. Checking before every call keeps SQLite away from
 * such a file; the check costs a few `access` calls.
 *
 * TODO(#9): the check runs before each call, not before each statement: a
 * file made immutable while a call is between its statements (a Prisma
 * transaction awaits between them) can still meet the mapping. Closing the
 * window needs SQLite without a shared-memory index (`locking_mode =
 * EXCLUSIVE`, which shuts out every other process) or a VFS of our own.
 */
export class SqliteFiles {
  private readonly paths: string[];

  constructor(path: string) {
    this.paths = [dirname(path), path, `${path}-wal`, `${path}-shm`];
  }

  /** Whether any of the files (or their directory) exists but cannot be written. */
  isUnwritable(): boolean {
    return this.unwritable().length > 0;
  }

  /** The ones that cannot be written, for the startup error (an operator reads it, not a client). */
  unwritable(): string[] {
    return this.paths.filter((path) => {
      try {
        accessSync(path, constants.W_OK);

        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code !== 'ENOENT';
      }
    });
  }
}
