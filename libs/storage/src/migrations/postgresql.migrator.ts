import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type AppliedMigration, type MigrationFile, pendingMigrations } from './migration-files';

// Prisma's bookkeeping table as `prisma migrate deploy` creates it.
const PRISMA_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// The advisory lock `prisma migrate deploy` takes, so the CLI and any number
// of replicas starting together serialise on the same lock.
const PRISMA_MIGRATION_LOCK = 72707369;
const MIGRATION_CONNECT_TIMEOUT_MS = 5_000;

type AppliedRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function searchPathOption(schema: string | undefined): { options?: string } {
  return schema ? { options: `-c search_path=${quoteIdentifier(schema)}` } : {};
}

/**
 * Applies the pending migrations in one transaction under Prisma's advisory
 * lock. PostgreSQL DDL is transactional, so a failed migration leaves nothing
 * behind. With a schema, it is created first and every table goes into it.
 */
export async function migratePostgres(
  connectionString: string,
  schema: string | undefined,
  migrations: readonly MigrationFile[],
): Promise<string[]> {
  // Bounded, so a gateway starting while the database is unreachable finds
  // out in seconds rather than hanging in its boot (see ReconnectingOriginalStore).
  const client = new Client({
    connectionString,
    ...searchPathOption(schema),
    connectionTimeoutMillis: MIGRATION_CONNECT_TIMEOUT_MS,
  });
  await client.connect();

  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [PRISMA_MIGRATION_LOCK]);
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    }
    await client.query(PRISMA_MIGRATIONS_TABLE);

    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const pending = pendingMigrations(migrations, rows.map(toApplied));

    for (const migration of pending) {
      const startedAt = new Date();
      await client.query(migration.sql);
      await client.query(
        'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, ' +
          'started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)',
        [randomUUID(), migration.checksum, migration.name, startedAt],
      );
    }

    await client.query('COMMIT');

    return pending.map((migration) => migration.name);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

function toApplied(row: AppliedRow): AppliedMigration {
  return {
    name: row.migration_name,
    checksum: row.checksum,
    finished: row.finished_at !== null,
    rolledBack: row.rolled_back_at !== null,
  };
}
