import type { DatabaseProvider } from './database-target';

/**
 * `up`: the database answers and the latest write committed. `degraded`: it
 * answers, but writes fail (locked, full, read-only), so blocks go out
 * uncompressed. `down`: it does not answer at all.
 */
export type StorageStatus = 'up' | 'degraded' | 'down';

/** Why writes or probes fail, as a closed set: safe to show and to use as a label. */
export const STORAGE_FAULTS = [
  'locked',
  'full',
  'read_only',
  'unreachable',
  'timeout',
  'error',
] as const;

export type StorageFault = (typeof STORAGE_FAULTS)[number];

/** What `/readyz` shows. Never a URL, a path or a driver message: they can name hosts or users. */
export type StorageHealth = {
  status: StorageStatus;
  provider: DatabaseProvider;
  reason?: StorageFault;
};

/** A store that can say how its database is doing; the probe is bounded by `timeoutMs`. */
export type HealthReporting = {
  health(timeoutMs?: number): Promise<StorageHealth>;
  /** Writes that failed since the process started, by fault. */
  writeFailures(): ReadonlyMap<StorageFault, number>;
};

export function isHealthReporting(value: unknown): value is HealthReporting {
  return (
    typeof (value as Partial<HealthReporting> | null)?.health === 'function' &&
    typeof (value as Partial<HealthReporting> | null)?.writeFailures === 'function'
  );
}

const SQLITE_CODES: Record<string, StorageFault> = {
  SQLITE_BUSY: 'locked',
  SQLITE_LOCKED: 'locked',
  SQLITE_FULL: 'full',
  SQLITE_READONLY: 'read_only',
  SQLITE_PERM: 'read_only',
  SQLITE_CANTOPEN: 'read_only',
};

const ERRNO_CODES: Record<string, StorageFault> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  EROFS: 'read_only',
  EPERM: 'read_only',
  EACCES: 'read_only',
  ECONNREFUSED: 'unreachable',
  ECONNRESET: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ENOTFOUND: 'unreachable',
  EPIPE: 'unreachable',
  ETIMEDOUT: 'timeout',
};

// PostgreSQL SQLSTATEs that mean "cannot write here" rather than "bad query".
const POSTGRES_STATES: Record<string, StorageFault> = {
  '53100': 'full', // disk_full
  '25006': 'read_only', // read_only_sql_transaction
  '57P01': 'unreachable', // admin_shutdown
  '57P03': 'unreachable', // cannot_connect_now
  '08006': 'unreachable', // connection_failure
  '08001': 'unreachable',
};

/**
 * Sorts a storage error into a fault. Prisma's driver adapters wrap the
 * driver's error (code in `cause.originalCode`, the error itself in
 * `meta.driverAdapterError`), so every layer is looked at.
 */
export function classifyStorageError(error: unknown): StorageFault {
  const text = describeLayers(error, 0).join(' ');

  for (const [code, fault] of Object.entries(SQLITE_CODES)) {
    if (text.includes(code)) return fault;
  }
  if (/database (table )?is locked|database is busy/i.test(text)) return 'locked';
  if (/database or disk is full|no space left/i.test(text)) return 'full';
  if (/readonly database|read-only|operation not permitted/i.test(text)) return 'read_only';
  for (const [code, fault] of Object.entries(ERRNO_CODES)) {
    if (new RegExp(`\\b${code}\\b`).test(text)) return fault;
  }
  for (const [state, fault] of Object.entries(POSTGRES_STATES)) {
    if (new RegExp(`\\b${state}\\b`).test(text)) return fault;
  }
  if (
    /DatabaseNotReachable|ConnectionClosed|can't reach database|connection (terminated|refused|closed|ended)|server closed/i.test(
      text,
    )
  ) {
    return 'unreachable';
  }
  if (/SocketTimeout|did not finish within|timed? ?out/i.test(text)) return 'timeout';

  return 'error';
}

const TEXT_FIELDS = ['code', 'originalCode', 'kind', 'message', 'originalMessage'] as const;
const NESTED_FIELDS = ['cause', 'meta', 'driverAdapterError'] as const;

function describeLayers(value: unknown, depth: number): string[] {
  if (typeof value === 'string') return [value];
  if (!value || typeof value !== 'object' || depth > 4) return [];

  const layer = value as Record<string, unknown>;
  const texts = TEXT_FIELDS.flatMap((field) =>
    typeof layer[field] === 'string' ? [layer[field] as string] : [],
  );

  return [...texts, ...NESTED_FIELDS.flatMap((field) => describeLayers(layer[field], depth + 1))];
}
