import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { type AppliedMigration, type MigrationFile, pendingMigrations } from './migration-files';

// Prisma's own bookkeeping table, byte for byte, so `prisma migrate status`
// and `prisma migrate deploy` agree with what the service applied.
const PRISMA_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

type AppliedRow = {
  migration_name: string;
  checksum: string;
  finished_at: string | null;
  rolled_back_at: string | null;
};

export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * Applies the pending migrations to a SQLite file in one IMMEDIATE
 * transaction: SQLite DDL is transactional, so a failed migration leaves
 * nothing behind, and two processes starting at once apply it once.
 * Also switches the file to WAL, which persists in the file.
 */
export function migrateSqlite(path: string, migrations: readonly MigrationFile[]): string[] {
  const db = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });

  try {
    db.pragma('journal_mode = WAL');

    // Up to date is the common case: answer it with a WAL read, which never
    // waits. A write lock is taken only when there is something to apply,
    // because the wait for it is synchronous and stalls the event loop.
    if (hasBookkeeping(db) && pendingMigrations(migrations, readApplied(db)).length === 0) {
      return [];
    }

    db.exec(PRISMA_MIGRATIONS_TABLE);
    const apply = db.transaction((): string[] => {
      const pending = pendingMigrations(migrations, readApplied(db));
      const record = db.prepare(
        'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, ' +
          'started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)',
      );

      for (const migration of pending) {
        const startedAt = prismaTimestamp(new Date());
        db.exec(migration.sql);
        record.run(
          randomUUID(),
          migration.checksum,
          prismaTimestamp(new Date()),
          migration.name,
          startedAt,
        );
      }

      return pending.map((migration) => migration.name);
    });

    return apply.immediate();
  } finally {
    db.close();
  }
}

function hasBookkeeping(db: Database.Database): boolean {
  return (
    db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
      .get() !== undefined
  );
}

function readApplied(db: Database.Database): AppliedMigration[] {
  const rows = db
    .prepare(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    )
    .all() as AppliedRow[];

  return rows.map(toApplied);
}

function toApplied(row: AppliedRow): AppliedMigration {
  return {
    name: row.migration_name,
    checksum: row.checksum,
    finished: row.finished_at !== null,
    rolledBack: row.rolled_back_at !== null,
  };
}

// The text form Prisma's SQLite adapter writes (`...T17:19:54.013+00:00`).
function prismaTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}
