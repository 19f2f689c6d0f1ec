import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';

export const TEST_POSTGRES_URL =
  process.env.HEADROOM_TEST_POSTGRES_URL || 'postgresql://postgres@127.0.0.1:5432/test';

/** Reads a backend's tables behind Prisma's back, to check what is really stored. */
export type Probe = {
  query<T>(sql: string): Promise<T[]>;
  /** Runs statements that return nothing; needs a probe opened `writable`. */
  execute(sql: string): Promise<void>;
  close(): Promise<void>;
};

/** One real database per test file, created fresh and removed afterwards. */
export type Backend = {
  name: 'sqlite' | 'postgresql';
  url: string;
  /** Read-only unless `writable`, e.g. to lay down rows an older release wrote. */
  probe(options?: { writable?: boolean }): Promise<Probe>;
  destroy(): Promise<void>;
};

export function sqliteBackend(): Backend {
  const directory = mkdtempSync(join(tmpdir(), 'headroom-ccr-'));
  const path = join(directory, 'nested', 'ccr.db');

  return {
    name: 'sqlite',
    url: `file:${path}`,
    async probe(options = {}) {
      const db = new Database(path, { readonly: !options.writable });

      return {
        query: async <T>(sql: string) => db.prepare(sql).all() as T[],
        execute: async (sql: string) => void db.exec(sql),
        close: async () => void db.close(),
      };
    },
    async destroy() {
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export function postgresBackend(): Backend {
  const schema = `headroom_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const separator = TEST_POSTGRES_URL.includes('?') ? '&' : '?';

  return {
    name: 'postgresql',
    url: `${TEST_POSTGRES_URL}${separator}schema=${schema}`,
    async probe() {
      const client = new Client({
        connectionString: TEST_POSTGRES_URL,
        options: `-c search_path=${schema}`,
      });
      await client.connect();

      return {
        query: async <T>(sql: string) => (await client.query(sql)).rows as T[],
        execute: async (sql: string) => void (await client.query(sql)),
        close: () => client.end(),
      };
    },
    async destroy() {
      const client = new Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = '2026-01-05T10:00:00.000Z') {
  let now = new Date(start).getTime();

  return {
    now: () => new Date(now),
    advance(seconds: number) {
      now += seconds * 1000;
    },
  };
}
