import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { type Clock, RetentionPolicy } from '@headroom/ccr';
import { type DatabaseTarget, resolveDatabaseTarget } from './database-target';
import { PrismaClient as PostgresPrismaClient } from './generated/postgresql/client';
import { PrismaClient as SqlitePrismaClient } from './generated/sqlite/client';
import { findMigrationsDir, loadMigrations } from './migrations/migration-files';
import { migratePostgres, searchPathOption } from './migrations/postgresql.migrator';
import { migrateSqlite } from './migrations/sqlite.migrator';
import { type CcrDatabase, PrismaOriginalStore } from './prisma-original.store';
import { SerialQueue } from './serial.queue';
import { SqliteFiles } from './write-outcome.tracker';

export type StorageLogger = {
  log(message: string, fields?: Record<string, unknown>): void;
};

export type OpenOriginalStoreOptions = {
  /** Defaults to `HEADROOM_DATABASE_URL`, then `file:./.headroom/headroom.db`. */
  databaseUrl?: string;
  /** Base for a relative SQLite path; defaults to the process's working directory. */
  cwd?: string;
  /** Defaults to `RetentionPolicy.fromEnv()` (`HEADROOM_CCR_TTL`, `HEADROOM_CCR_TTL_BY_TENANT`). */
  retention?: RetentionPolicy;
  clock?: Clock;
  /** Where the committed migrations are; found from the repository layout by default. */
  migrationsDir?: string;
  logger?: StorageLogger;
};

/**
 * Opens the CCR store named by `HEADROOM_DATABASE_URL` (or `databaseUrl`):
 * creates the SQLite directory, applies any pending committed migration, then
 * connects Prisma with the matching driver adapter. Close it with `close()`.
 */
export async function openOriginalStore(
  options: OpenOriginalStoreOptions = {},
): Promise<PrismaOriginalStore> {
  const target = resolveDatabaseTarget(
    options.databaseUrl ?? (process.env.HEADROOM_DATABASE_URL || undefined),
    options.cwd,
  );
  const retention = options.retention ?? RetentionPolicy.fromEnv();
  const started = Date.now();

  if (target.provider === 'sqlite') {
    assertSqliteWritable(target.path);
    const shared = await shareSqlite(target.path, options.migrationsDir);
    options.logger?.log('ccr store ready', {
      provider: target.provider,
      migrationsApplied: shared.applied,
      ttlSeconds: retention.defaultTtlSeconds,
      durationMs: Date.now() - started,
    });

    const connection = shared.connection;

    return new PrismaOriginalStore({
      db: connection.db,
      connection: {
        current: () => connection.db,
        reopen: () => reopenSqlite(connection, target.path),
      },
      provider: 'sqlite',
      retention,
      clock: options.clock,
      queue: shared.connection.queue,
      release: shared.release,
      sqlitePath: target.path,
    });
  }

  const applied = await migrate(target, options.migrationsDir);
  const db = await connectPostgres(target);
  options.logger?.log('ccr store ready', {
    provider: target.provider,
    migrationsApplied: applied,
    ttlSeconds: retention.defaultTtlSeconds,
    durationMs: Date.now() - started,
  });

  return new PrismaOriginalStore({
    db,
    provider: target.provider,
    retention,
    clock: options.clock,
  });
}

/** The store cannot be opened as configured; the message says what an operator should fix. */
export class StorageOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageOpenError';
  }
}

// Opening a database whose files cannot be written does not fail at once:
// reads work, every write fails, and a WAL index that cannot be written is
// a SIGBUS waiting to happen (see SqliteFiles). Refuse to start instead.
function assertSqliteWritable(path: string): void {
  const unwritable = new SqliteFiles(path).unwritable();

  if (unwritable.length > 0) {
    throw new StorageOpenError(
      `the SQLite CCR store cannot be written: ${unwritable.join(', ')} ` +
        '(read-only mount, immutable flag or permissions); fix it or point HEADROOM_DATABASE_URL elsewhere',
    );
  }
}

export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;
const POSTGRES_TRANSACTION_WAIT_MS = 10_000;
const POSTGRES_TRANSACTION_MS = 15_000;

type SqliteConnection = { db: CcrDatabase; queue: SerialQueue; users: number };

// better-sqlite3 waits for a busy file synchronously, blocking the event loop.
// Two connections to one file in one process can therefore deadlock: one
// holds the write lock across an await of a Prisma transaction while the
// other spins and never lets it finish. So a process opens each file once and
// every store on it shares that connection and its queue.
const sqliteConnections = new Map<string, Promise<SqliteConnection>>();

async function shareSqlite(path: string, migrationsDir: string | undefined) {
  let applied: string[] = [];
  let pending = sqliteConnections.get(path);

  if (!pending) {
    pending = (async () => {
      applied = await migrate({ provider: 'sqlite', path }, migrationsDir);

      return { db: await connectSqlite(path), queue: new SerialQueue(), users: 0 };
    })();
    sqliteConnections.set(path, pending);
    pending.catch(() => sqliteConnections.delete(path));
  }

  const connection = await pending;
  connection.users += 1;

  const release = async () => {
    connection.users -= 1;
    if (connection.users === 0) {
      sqliteConnections.delete(path);
      await connection.db.$disconnect();
    }
  };

  return { connection, applied, release };
}

// The old client is let go without waiting: its adapter may still hold the
// transaction lock of the COMMIT that failed, and closing the database
// underneath rolls that transaction back.
async function reopenSqlite(connection: SqliteConnection, path: string): Promise<void> {
  // Released meanwhile: a new client would never be closed.
  if (connection.users === 0) return;

  const stale = connection.db;
  connection.db = await connectSqlite(path);
  void stale.$disconnect().catch(() => undefined);
}

async function migrate(target: DatabaseTarget, migrationsDir: string | undefined) {
  const migrations = loadMigrations(migrationsDir ?? findMigrationsDir(target.provider));

  if (target.provider === 'sqlite') {
    mkdirSync(dirname(target.path), { recursive: true });

    return migrateSqlite(target.path, migrations);
  }

  return migratePostgres(target.connectionString, target.schema, migrations);
}

// better-sqlite3 waits for a locked file synchronously, with the whole event
// loop stopped. Store calls therefore wait only this long per attempt and
// retry with timers in between (PrismaOriginalStore), so a file another
// process keeps locked slows saves, not every request of the gateway.
export const SQLITE_CALL_BUSY_TIMEOUT_MS = 50;

async function connectSqlite(path: string): Promise<CcrDatabase> {
  const adapter = new PrismaBetterSQLite3({ url: path, timeout: SQLITE_CALL_BUSY_TIMEOUT_MS });
  const client = new SqlitePrismaClient({ adapter });
  // WAL (set by the migrator) plus FULL: a save that resolved survives a
  // power cut, not only a crash of the process.
  await client.$executeRawUnsafe('PRAGMA synchronous = FULL');

  return client;
}

async function connectPostgres(
  target: Extract<DatabaseTarget, { provider: 'postgresql' }>,
): Promise<CcrDatabase> {
  const adapter = new PrismaPg(
    {
      connectionString: target.connectionString,
      ...searchPathOption(target.schema),
      // pg waits forever for a connection by default; a database behind a
      // dead route would then hold every save until the pipeline gives up.
      connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    },
    target.schema ? { schema: target.schema } : undefined,
  );
  // Prisma gives a transaction 2 s to get a pooled connection by default; a
  // burst of saves larger than the pool then fails on a healthy database.
  // Live requests bound each save themselves, so the store may wait longer.
  const client = new PostgresPrismaClient({
    adapter,
    transactionOptions: { maxWait: POSTGRES_TRANSACTION_WAIT_MS, timeout: POSTGRES_TRANSACTION_MS },
  });
  await client.$connect();

  // Same models, one bigint id apart (see CcrDatabase).
  return client as unknown as CcrDatabase;
}
