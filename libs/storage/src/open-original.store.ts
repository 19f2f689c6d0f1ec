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
import { SQLITE_BUSY_TIMEOUT_MS, migrateSqlite } from './migrations/sqlite.migrator';
import { type CcrDatabase, PrismaOriginalStore } from './prisma-original.store';
import { SerialQueue } from './serial.queue';

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
    const shared = await shareSqlite(target.path, options.migrationsDir);
    options.logger?.log('ccr store ready', {
      provider: target.provider,
      migrationsApplied: shared.applied,
      ttlSeconds: retention.defaultTtlSeconds,
      durationMs: Date.now() - started,
    });

    return new PrismaOriginalStore({
      db: shared.connection.db,
      provider: 'sqlite',
      retention,
      clock: options.clock,
      queue: shared.connection.queue,
      release: shared.release,
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

async function migrate(target: DatabaseTarget, migrationsDir: string | undefined) {
  const migrations = loadMigrations(migrationsDir ?? findMigrationsDir(target.provider));

  if (target.provider === 'sqlite') {
    mkdirSync(dirname(target.path), { recursive: true });

    return migrateSqlite(target.path, migrations);
  }

  return migratePostgres(target.connectionString, target.schema, migrations);
}

async function connectSqlite(path: string): Promise<CcrDatabase> {
  const adapter = new PrismaBetterSQLite3({ url: path, timeout: SQLITE_BUSY_TIMEOUT_MS });
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
    { connectionString: target.connectionString, ...searchPathOption(target.schema) },
    target.schema ? { schema: target.schema } : undefined,
  );
  const client = new PostgresPrismaClient({ adapter });
  await client.$connect();

  // Same models, one bigint id apart (see CcrDatabase).
  return client as unknown as CcrDatabase;
}
