import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ccrKey, type OriginalRecord } from '@headroom/contracts';
import { queryDigest, RetentionPolicy } from '@headroom/ccr';
import { type Backend, manualClock, postgresBackend, sqliteBackend } from '../test/backends';
import { resolveDatabaseTarget } from './database-target';
import { findMigrationsDir, loadMigrations } from './migrations/migration-files';
import { migratePostgres } from './migrations/postgresql.migrator';
import { migrateSqlite } from './migrations/sqlite.migrator';
import { openOriginalStore } from './open-original.store';
import type { PrismaOriginalStore } from './prisma-original.store';

// The migration that added the retrieval detail to the audit trail (issue #9).
const DETAIL_MIGRATION = '20261210000000_audit_retrieval_detail';

const ROWS = JSON.stringify(
  Array.from({ length: 120 }, (_, index) => ({ id: index, level: index % 40 ? 'info' : 'error' })),
);

function record(content: string, extra: Partial<OriginalRecord> = {}): OriginalRecord {
  return { key: ccrKey(content), content, kind: 'json', compressor: 'json', ...extra };
}

type AuditColumns = {
  event: string;
  retrieval_type: string | null;
  query: string | null;
  query_sha256: string | null;
  items_served: number | null;
  total_items: number | null;
};

async function auditRows(backend: Backend, tenant: string): Promise<AuditColumns[]> {
  const probe = await backend.probe();
  const rows = await probe.query<AuditColumns>(
    'SELECT event, retrieval_type, query, query_sha256, items_served, total_items ' +
      `FROM ccr_audit WHERE tenant = '${tenant}' ORDER BY id`,
  );
  await probe.close();

  return rows;
}

// Only the migrations committed before the detail, in a folder of their own,
// so a database can be laid down exactly as the previous release left it.
function previousMigrations(backend: Backend): string {
  const source = findMigrationsDir(backend.name);
  const folder = mkdtempSync(join(tmpdir(), 'headroom-old-migrations-'));
  for (const migration of loadMigrations(source)) {
    if (migration.name < DETAIL_MIGRATION) {
      cpSync(join(source, migration.name), join(folder, migration.name), { recursive: true });
    }
  }

  return folder;
}

async function migrateWith(backend: Backend, folder: string): Promise<string[]> {
  const migrations = loadMigrations(folder);
  const target = resolveDatabaseTarget(backend.url);

  if (target.provider === 'sqlite') {
    mkdirSync(dirname(target.path), { recursive: true });

    return migrateSqlite(target.path, migrations);
  }

  return migratePostgres(target.connectionString, target.schema, migrations);
}

describe.each([
  ['sqlite', sqliteBackend],
  ['postgresql', postgresBackend],
])('PrismaOriginalStore retrieval audit on %s', (_name, makeBackend) => {
  const backends: Backend[] = [];
  const open: PrismaOriginalStore[] = [];

  async function openStore(backend: Backend, clock = manualClock()) {
    const store = await openOriginalStore({
      databaseUrl: backend.url,
      retention: new RetentionPolicy(10),
      clock: clock.now,
    });
    open.push(store);

    return store;
  }

  function freshBackend(): Backend {
    const backend = makeBackend();
    backends.push(backend);

    return backend;
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
    await Promise.all(backends.splice(0).map((backend) => backend.destroy()));
  });

  it('stores a search with its query, digest and counts, and a full read as full', async () => {
    const backend = freshBackend();
    const store = await openStore(backend);
    const original = record(ROWS);
    await store.save([original], { tenant: 'acme', toolName: 'logs' });

    await store.lookup('acme', original.key, 'http', { query: 'error' });
    await store.lookup('acme', original.key, 'model');
    await store.lookup('acme', ccrKey('never stored'), 'http', { query: 'error' });

    expect(await auditRows(backend, 'acme')).toEqual([
      expect.objectContaining({ event: 'store', retrieval_type: null, query: null }),
      {
        event: 'retrieve',
        retrieval_type: 'search',
        query: 'error',
        query_sha256: queryDigest('acme', 'error'),
        items_served: 3,
        total_items: 120,
      },
      {
        event: 'retrieve',
        retrieval_type: 'full',
        query: null,
        query_sha256: null,
        items_served: 120,
        total_items: 120,
      },
      {
        event: 'miss',
        retrieval_type: 'search',
        query: 'error',
        query_sha256: queryDigest('acme', 'error'),
        items_served: null,
        total_items: null,
      },
    ]);
    const recent = (await store.stats('acme')).recentRetrievals;
    expect(recent.map((item) => item.retrieval)).toEqual([
      { type: 'full', query: null, queryDigest: null, itemsServed: 120, totalItems: 120 },
      {
        type: 'search',
        query: 'error',
        queryDigest: queryDigest('acme', 'error'),
        itemsServed: 3,
        totalItems: 120,
      },
    ]);
  });

  it('keeps one tenant’s searches out of another’s stats', async () => {
    const backend = freshBackend();
    const store = await openStore(backend);
    const original = record(ROWS);
    await store.save([original], { tenant: 'acme' });
    await store.save([original], { tenant: 'globex' });

    await store.lookup('acme', original.key, 'http', { query: 'acme-only secret' });
    await store.lookup('globex', original.key, 'http');

    const globex = await store.stats('globex');
    expect(globex.recentRetrievals.map((item) => item.retrieval?.type)).toEqual(['full']);
    expect(JSON.stringify(globex)).not.toContain('acme-only');
  });

  it('exports the digest but never the query text', async () => {
    const backend = freshBackend();
    const clock = manualClock();
    const store = await openStore(backend, clock);
    const original = record(ROWS);
    await store.save([original], { tenant: 'acme' });
    await store.lookup('acme', original.key, 'http', { query: 'error' });

    const exported = await store.auditEvents(new Date(0), new Date(clock.now().getTime() + 1));

    expect(exported[1].retrieval).toEqual({
      type: 'search',
      queryDigest: queryDigest('acme', 'error'),
      itemsServed: 3,
      totalItems: 120,
    });
    expect(JSON.stringify(exported)).not.toContain('"error"');
  });

  it('clears a search’s query when the purge deletes its original, keeping the digest', async () => {
    const backend = freshBackend();
    const clock = manualClock();
    const store = await openStore(backend, clock);
    const purged = record(ROWS);
    const kept = record('["kept alive"]');
    await store.save([purged, kept], { tenant: 'acme' });
    await store.lookup('acme', purged.key, 'http', { query: 'error' });
    await store.lookup('acme', kept.key, 'http', { query: 'kept' });
    clock.advance(8);
    await store.save([kept], { tenant: 'acme' });
    clock.advance(4);

    expect(await store.purgeExpired(clock.now())).toBe(1);

    const searches = (await auditRows(backend, 'acme')).filter(
      (row) => row.retrieval_type === 'search',
    );
    expect(searches.map((row) => [row.query, row.query_sha256])).toEqual([
      [null, queryDigest('acme', 'error')],
      ['kept', queryDigest('acme', 'kept')],
    ]);
  });

  it('upgrades a database of the previous release and keeps its audit rows readable', async () => {
    const backend = freshBackend();
    const folder = previousMigrations(backend);
    const original = record('[1, 2, 3]');
    try {
      expect(await migrateWith(backend, folder)).not.toContain(DETAIL_MIGRATION);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    const writer = await backend.probe({ writable: true });
    await writer.execute(
      'INSERT INTO ccr_originals (tenant, key, content, kind, compressor, item_count, ' +
        'content_bytes, ttl_seconds, created_at, expires_at, retrieval_count) VALUES ' +
        `('legacy', '${original.key}', '[1, 2, 3]', 'json', 'json', 3, 9, 10, ` +
        `'2026-01-05T09:00:00.000Z', '2999-01-01T00:00:00.000Z', 1)`,
    );
    await writer.execute(
      'INSERT INTO ccr_audit (event, tenant, key, actor, at) VALUES ' +
        `('store', 'legacy', '${original.key}', 'req-old', '2026-01-05T09:00:00.000Z'), ` +
        `('retrieve', 'legacy', '${original.key}', 'http', '2026-01-05T09:30:00.000Z')`,
    );
    await writer.close();

    const store = await openStore(backend);
    await store.lookup('legacy', original.key, 'http', { query: '2' });

    const rows = await auditRows(backend, 'legacy');
    expect(rows.map((row) => [row.event, row.retrieval_type, row.items_served])).toEqual([
      ['store', null, null],
      ['retrieve', null, null],
      ['retrieve', 'search', 1],
    ]);
    const recent = (await store.stats('legacy')).recentRetrievals;
    expect(recent.map((item) => [item.retrieval?.type ?? null, item.itemCount])).toEqual([
      ['search', 3],
      [null, 3],
    ]);
    const exported = await store.auditEvents(
      new Date('2026-01-05T09:00:00.000Z'),
      new Date('2026-01-05T09:31:00.000Z'),
    );
    expect(exported.map((entry) => [entry.event, entry.actor, entry.retrieval])).toEqual([
      ['store', 'req-old', null],
      ['retrieve', 'http', null],
    ]);
    const probe = await backend.probe();
    const applied = await probe.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name',
    );
    await probe.close();
    expect(applied.map((row) => row.migration_name)).toEqual(
      loadMigrations(findMigrationsDir(backend.name)).map((migration) => migration.name),
    );
  });
});
