import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DatabaseProvider } from '../database-target';

export type MigrationFile = {
  /** The folder name, e.g. `20261204000000_ccr_init`; applied in name order. */
  name: string;
  sql: string;
  /** SHA-256 of the file, the checksum `prisma migrate` records. */
  checksum: string;
};

/**
 * The committed migrations live in `libs/storage/prisma/<provider>/migrations`.
 * Found by walking up from this file, so the same lookup works from the
 * sources (jest), from `dist/` and from an image that keeps the repo layout.
 */
export function findMigrationsDir(provider: DatabaseProvider, from: string = __dirname): string {
  const relative = join('libs', 'storage', 'prisma', provider, 'migrations');

  for (let directory = from; ; directory = dirname(directory)) {
    const candidate = join(directory, relative);
    if (existsSync(candidate)) {
      return candidate;
    }
    if (dirname(directory) === directory) {
      throw new Error(`no ${relative} above ${from}`);
    }
  }
}

export function loadMigrations(directory: string): MigrationFile[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'migration.sql')),
    )
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(directory, name, 'migration.sql'), 'utf8');

      return { name, sql, checksum: createHash('sha256').update(sql, 'utf8').digest('hex') };
    });
}

export type AppliedMigration = {
  name: string;
  checksum: string;
  finished: boolean;
  rolledBack: boolean;
};

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/**
 * Which committed migrations still need to run, given Prisma's bookkeeping.
 * A migration that started and never finished stops the service: the schema
 * is in an unknown state and needs an operator (`prisma migrate resolve`).
 */
export function pendingMigrations(
  migrations: readonly MigrationFile[],
  applied: readonly AppliedMigration[],
): MigrationFile[] {
  const live = applied.filter((row) => !row.rolledBack);
  const failed = live.find((row) => !row.finished);
  if (failed) {
    throw new MigrationError(`migration ${failed.name} started but never finished`);
  }

  const done = new Set(live.map((row) => row.name));

  return migrations.filter((migration) => !done.has(migration.name));
}
