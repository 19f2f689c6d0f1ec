import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from 'pg';
import { type DatabaseTarget, resolveDatabaseTarget } from '../database-target';
import { PrismaClient as PostgresPrismaClient } from '../generated/postgresql/client';
import {
  Prisma,
  type PrismaClient,
  PrismaClient as SqlitePrismaClient,
} from '../generated/sqlite/client';
import { findMigrationsDir, loadMigrations } from '../migrations/migration-files';
import {
  migratePostgres,
  quoteIdentifier,
  searchPathOption,
} from '../migrations/postgresql.migrator';
import { migrateSqlite } from '../migrations/sqlite.migrator';
import { POSTGRES_CONNECT_TIMEOUT_MS } from '../open-original.store';
import { SqliteFiles, StorageUnavailableError } from '../write-outcome.tracker';

/** One finished provider request: sizes, savings and timings, never content. */
export type UsageRow = {
  requestId: string;
  tenant: string;
  route: string;
  provider: string;
  model: string | null;
  status: number;
  tokensBefore: number;
  tokensAfter: number;
  cachedTokens: number | null;
  bytesBefore: number;
  bytesAfter: number;
  durationMs: number;
  overheadMs: number;
  compressors: string[];
  ccrStored: number;
  failOpen: boolean;
  at: Date;
};

export type UsageQuery = { from?: Date; to?: Date; tenant?: string };

export type AuditEventCount = {
  tenant: string;
  event: string;
  /** `full` or `search` for lookups audited with their detail, else null. */
  retrievalType?: string | null;
  count: number;
};

export type StoredOriginalsCount = { tenant: string; originals: number; bytes: number };

/**
 * The slice of a generated client the usage store reads and writes. Typed
 * with the SQLite client; the PostgreSQL one has the same models apart from
 * bigint ids, which this store never reads.
 */
type UsageDatabase = Pick<
  PrismaClient,
  'usageRecord' | 'auditEvent' | 'original' | '$executeRaw' | '$disconnect'
>;

// Each batch is one multi-row INSERT, a single autocommit statement: Prisma's
// createMany opens an interactive transaction, which on SQLite would hold the
// write lock across awaits while the CCR store's own connection waits for it
// synchronously (see open-original.store.ts). A short busy timeout keeps this
// connection's own synchronous wait brief; the writer retries the batch.
const SQLITE_USAGE_BUSY_TIMEOUT_MS = 250;

export type OpenUsageStoreOptions = {
  /** Defaults to `HEADROOM_DATABASE_URL`, then the gateway's SQLite default. */
  databaseUrl?: string;
  cwd?: string;
  migrationsDir?: string;
  /**
   * Only open a database the gateway has already set up, never create one: a
   * reader (the compliance report) pointed at a mistyped location must fail,
   * not report on an empty database it made itself.
   */
  existingOnly?: boolean;
};

/** `existingOnly` was asked and the location holds no Headroom database. */
export class DatabaseNotFoundError extends Error {
  constructor(readonly location: string) {
    super(`no Headroom database at ${location} (check HEADROOM_DATABASE_URL)`);
    this.name = 'DatabaseNotFoundError';
  }
}

/** Request usage history for `/stats-history`, the dashboard and compliance reports. */
export class PrismaUsageStore {
  constructor(
    private readonly db: UsageDatabase,
    readonly provider: DatabaseTarget['provider'],
    /** SQLite: checked before every call, as the CCR store does (see SqliteFiles). */
    private readonly files?: SqliteFiles,
  ) {}

  async insertMany(rows: readonly UsageRow[]): Promise<void> {
    if (rows.length === 0) return;
    this.guard();

    const values = rows.map(
      (row) =>
        Prisma.sql`(${row.requestId}, ${row.tenant}, ${row.route}, ${row.provider}, ${row.model},
          ${row.status}, ${row.tokensBefore}, ${row.tokensAfter}, ${row.cachedTokens},
          ${row.bytesBefore}, ${row.bytesAfter}, ${row.durationMs}, ${row.overheadMs},
          ${row.compressors.join(',')}, ${row.ccrStored}, ${row.failOpen}, ${row.at})`,
    );

    await this.db.$executeRaw`INSERT INTO "usage_requests" ("request_id", "tenant", "route",
      "provider", "model", "status", "tokens_before", "tokens_after", "cached_tokens",
      "bytes_before", "bytes_after", "duration_ms", "overhead_ms", "compressors", "ccr_stored",
      "fail_open", "at") VALUES ${Prisma.join(values)}`;
  }

  async list(query: UsageQuery = {}): Promise<UsageRow[]> {
    this.guard();
    const records = await this.db.usageRecord.findMany({
      where: {
        at: { gte: query.from, lt: query.to },
        ...(query.tenant ? { tenant: query.tenant } : {}),
      },
      orderBy: { at: 'asc' },
      omit: { id: true },
    });

    return records.map((record) => ({
      ...record,
      compressors: record.compressors ? record.compressors.split(',') : [],
    }));
  }

  /** The CCR audit trail in a window, counted per tenant and event. */
  async auditCounts(query: UsageQuery = {}): Promise<AuditEventCount[]> {
    this.guard();
    const groups = await this.db.auditEvent.groupBy({
      by: ['tenant', 'event', 'retrievalType'],
      where: {
        at: { gte: query.from, lt: query.to },
        ...(query.tenant ? { tenant: query.tenant } : {}),
      },
      _count: { _all: true },
    });

    return groups.map((group) => ({
      tenant: group.tenant,
      event: group.event,
      retrievalType: group.retrievalType,
      count: group._count._all,
    }));
  }

  /** Originals held right now, per tenant: what retention still keeps. */
  async storedOriginals(tenant?: string): Promise<StoredOriginalsCount[]> {
    this.guard();
    const groups = await this.db.original.groupBy({
      by: ['tenant'],
      where: tenant ? { tenant } : {},
      _count: { _all: true },
      _sum: { contentBytes: true },
    });

    return groups.map((group) => ({
      tenant: group.tenant,
      originals: group._count._all,
      bytes: group._sum.contentBytes ?? 0,
    }));
  }

  close(): Promise<void> {
    return this.db.$disconnect();
  }

  private guard(): void {
    if (this.files?.isUnwritable()) {
      throw new StorageUnavailableError('read_only');
    }
  }
}

/** Migrates the database named by `HEADROOM_DATABASE_URL` (or `databaseUrl`) and connects. */
export async function openUsageStore(
  options: OpenUsageStoreOptions = {},
): Promise<PrismaUsageStore> {
  const target = resolveDatabaseTarget(
    options.databaseUrl ?? (process.env.HEADROOM_DATABASE_URL || undefined),
    options.cwd,
  );
  const migrations = loadMigrations(options.migrationsDir ?? findMigrationsDir(target.provider));

  if (options.existingOnly) {
    await assertHeadroomDatabase(target);
  }

  if (target.provider === 'sqlite') {
    mkdirSync(dirname(target.path), { recursive: true });
    migrateSqlite(target.path, migrations);
    const adapter = new PrismaBetterSQLite3({
      url: target.path,
      timeout: SQLITE_USAGE_BUSY_TIMEOUT_MS,
    });

    return new PrismaUsageStore(
      new SqlitePrismaClient({ adapter }),
      'sqlite',
      new SqliteFiles(target.path),
    );
  }

  await migratePostgres(target.connectionString, target.schema, migrations);
  const adapter = new PrismaPg(
    {
      connectionString: target.connectionString,
      ...searchPathOption(target.schema),
      connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    },
    target.schema ? { schema: target.schema } : undefined,
  );
  const client = new PostgresPrismaClient({ adapter });
  await client.$connect();

  // Same models, bigint ids apart (see UsageDatabase).
  return new PrismaUsageStore(client as unknown as UsageDatabase, 'postgresql');
}

// A Headroom database has Prisma's migration table; an empty file, another
// application's database or a schema nobody created does not.
async function assertHeadroomDatabase(target: DatabaseTarget): Promise<void> {
  if (target.provider === 'sqlite') {
    if (!existsSync(target.path) || !sqliteHasMigrations(target.path)) {
      throw new DatabaseNotFoundError(target.path);
    }

    return;
  }

  const client = new Client({
    connectionString: target.connectionString,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
  });
  await client.connect();

  try {
    const { rows } = await client.query<{ found: string | null }>(
      'SELECT to_regclass($1) AS found',
      [`${quoteIdentifier(target.schema ?? 'public')}."_prisma_migrations"`],
    );
    if (rows[0]?.found === null || rows[0]?.found === undefined) {
      const url = new URL(target.connectionString);
      throw new DatabaseNotFoundError(
        `postgresql://${url.host}${url.pathname}${target.schema ? ` (schema ${target.schema})` : ''}`,
      );
    }
  } finally {
    await client.end();
  }
}

function sqliteHasMigrations(path: string): boolean {
  let db: Database.Database | undefined;

  try {
    db = new Database(path, { readonly: true, fileMustExist: true });

    return (
      db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
        .get() !== undefined
    );
  } catch {
    // Not a database at all (a directory, a text file): not ours either.
    return false;
  } finally {
    db?.close();
  }
}
