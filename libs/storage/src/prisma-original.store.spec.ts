import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ccrKey, type OriginalRecord } from '@headroom/contracts';
import { RetentionPolicy } from '@headroom/ccr';
import { type Backend, manualClock, postgresBackend, sqliteBackend } from '../test/backends';
import { findMigrationsDir, loadMigrations } from './migrations/migration-files';
import { openOriginalStore } from './open-original.store';
import type { PrismaOriginalStore } from './prisma-original.store';
import { StorageUnavailableError } from './write-outcome.tracker';

function record(content: string, extra: Partial<OriginalRecord> = {}): OriginalRecord {
  return { key: ccrKey(content), content, kind: 'json', compressor: 'json', ...extra };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const UNICODE_SAMPLE =
  '配置加载 🚀 café naïve Ελληνικά עברית العربية 👩🏽‍💻 e\u0301 \t"quoted" \\back\\slash\r\n' +
  '[[not a marker]] \u2028 \uFEFF zero\u200Bwidth 𝔘𝔫𝔦𝔠𝔬𝔡𝔢';

describe.each([
  ['sqlite', sqliteBackend],
  ['postgresql', postgresBackend],
])('PrismaOriginalStore on %s', (name, makeBackend) => {
  let backend: Backend;
  const open: PrismaOriginalStore[] = [];

  async function openStore(
    options: { ttl?: string; byTenant?: string; clock?: () => Date; url?: string } = {},
  ): Promise<PrismaOriginalStore> {
    const store = await openOriginalStore({
      databaseUrl: options.url ?? backend.url,
      retention: RetentionPolicy.fromEnv({
        HEADROOM_CCR_TTL: options.ttl,
        HEADROOM_CCR_TTL_BY_TENANT: options.byTenant,
      }),
      clock: options.clock,
    });
    open.push(store);

    return store;
  }

  beforeAll(() => {
    backend = makeBackend();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
  });

  afterAll(async () => {
    await backend.destroy();
  });

  describe('migrations', () => {
    it('creates the schema on a fresh empty database and applies nothing the second time', async () => {
      const logs: Record<string, unknown>[] = [];
      const logger = {
        log: (_message: string, fields?: Record<string, unknown>) => void logs.push(fields ?? {}),
      };

      open.push(await openOriginalStore({ databaseUrl: backend.url, logger }));
      open.push(await openOriginalStore({ databaseUrl: backend.url, logger }));

      const committed = loadMigrations(findMigrationsDir(backend.name)).map((file) => file.name);
      expect(committed).toContain('20261204000000_ccr_init');
      expect(logs.map((fields) => fields['migrationsApplied'])).toEqual([committed, []]);
      const probe = await backend.probe();
      const rows = await probe.query<{ migration_name: string; applied_steps_count: number }>(
        'SELECT migration_name, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
      );
      await probe.close();
      expect(rows).toEqual(
        committed.map((name) => ({ migration_name: name, applied_steps_count: 1 })),
      );
    });
  });

  describe('migrations, as Prisma sees them', () => {
    it('leaves bookkeeping that `prisma migrate status` reads as up to date', async () => {
      open.push(await openOriginalStore({ databaseUrl: backend.url }));
      const script = join(__dirname, '..', '..', '..', 'tools', 'scripts', 'prisma.cjs');

      const output = execFileSync(process.execPath, [script, 'status'], {
        env: { ...process.env, HEADROOM_DATABASE_URL: backend.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      }).toString('utf8');

      expect(output).toContain('Database schema is up to date!');
    }, 60_000);
  });

  describe('save and lookup', () => {
    it('returns the original byte for byte, non-ASCII and 1 MB alike', async () => {
      const store = await openStore();
      const unicode = record(UNICODE_SAMPLE);
      const large = record(`${'{"id":1,"note":"ü€😀"},'.repeat(45_000)}`.slice(0, 1_048_576), {
        kind: 'log',
        itemCount: 300,
        keptCount: 12,
        tokensBefore: 250_000,
        tokensAfter: 900,
      });

      await store.save([unicode, large], { tenant: 'acme', toolName: 'list_rows' });
      const first = await store.lookup('acme', unicode.key);
      const second = await store.lookup('acme', large.key);

      expect(first.status === 'found' && first.original.content).toBe(UNICODE_SAMPLE);
      expect(second.status).toBe('found');
      if (second.status === 'found') {
        expect(sha256(second.original.content)).toBe(sha256(large.content));
        expect(second.original).toMatchObject({
          kind: 'log',
          compressor: 'json',
          itemCount: 300,
          keptCount: 12,
          tokensBefore: 250_000,
          tokensAfter: 900,
          toolName: 'list_rows',
          retrievalCount: 1,
        });
      }
    });

    it('keeps one row when the same content is saved twice, and extends its expiry', async () => {
      const clock = manualClock();
      const store = await openStore({ ttl: '60s', clock: clock.now });
      const original = record('same content twice');

      await store.save([original], { tenant: 'acme' });
      clock.advance(50);
      await store.save([original], { tenant: 'acme' });
      clock.advance(50);

      const result = await store.lookup('acme', original.key);
      expect(result.status).toBe('found');
      const probe = await backend.probe();
      const rows = await probe.query<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM ccr_originals WHERE key = '${original.key}'`,
      );
      await probe.close();
      expect(Number(rows[0].n)).toBe(1);
    });

    it('finds an original after the store is closed and reopened (BL-08)', async () => {
      const original = record('survives a restart: ' + 'x'.repeat(5000));
      const before = await openOriginalStore({ databaseUrl: backend.url });
      await before.save([original], { tenant: 'acme' });
      await before.close();

      const after = await openStore();
      const result = await after.lookup('acme', original.key);

      expect(result.status === 'found' && result.original.content).toBe(original.content);
    });

    it("answers missing for another tenant's key, and never leaks it", async () => {
      const store = await openStore();
      const secret = record('tenant A only');
      await store.save([secret], { tenant: 'tenant-a' });

      await expect(store.lookup('tenant-b', secret.key)).resolves.toEqual({
        status: 'missing',
        key: secret.key,
      });
      await expect(store.lookup('tenant-a', secret.key)).resolves.toMatchObject({
        status: 'found',
      });
      expect((await store.stats('tenant-b')).entries).toBe(0);
    });
  });

  describe('retention (BL-07)', () => {
    it('slides the expiry on every access and then answers a terminal expired naming the TTL', async () => {
      const clock = manualClock();
      const store = await openStore({ ttl: '4s', clock: clock.now });
      const original = record('rows(300)');
      await store.save([original], { tenant: 'acme' });

      clock.advance(3);
      expect((await store.lookup('acme', original.key)).status).toBe('found');
      clock.advance(3);
      expect((await store.lookup('acme', original.key)).status).toBe('found');
      clock.advance(5);

      await expect(store.lookup('acme', original.key)).resolves.toEqual({
        status: 'expired',
        key: original.key,
        ttlSeconds: 4,
      });
    });

    it('reads the TTL setting: the same timeline survives with a longer TTL', async () => {
      const clock = manualClock();
      const store = await openStore({ ttl: '10s', clock: clock.now });
      const original = record('rows(300) with a longer TTL');
      await store.save([original], { tenant: 'acme' });

      clock.advance(9);

      expect((await store.lookup('acme', original.key)).status).toBe('found');
    });

    it('applies a per-tenant TTL override', async () => {
      const clock = manualClock();
      const store = await openStore({ ttl: '1h', byTenant: 'short:2s', clock: clock.now });
      const original = record('per-tenant TTL');
      await store.save([original], { tenant: 'short' });
      await store.save([original], { tenant: 'long' });

      clock.advance(3);

      await expect(store.lookup('short', original.key)).resolves.toMatchObject({
        status: 'expired',
        ttlSeconds: 2,
      });
      await expect(store.lookup('long', original.key)).resolves.toMatchObject({ status: 'found' });
    });

    it('purges exactly the expired rows, audits each, and keeps answering expired for them', async () => {
      // A database of its own, so "exactly" covers every row in it.
      const own = makeBackend();
      const clock = manualClock();
      const store = await openStore({ ttl: '10s', clock: clock.now, url: own.url });
      const stale = ['p1', 'p2', 'p3'].map((text) => record(`purge me ${text}`));
      const fresh = ['k1', 'k2'].map((text) => record(`keep me ${text}`));
      const touched = record('kept alive by a retrieval');

      await store.save([...stale, touched], { tenant: 'purge-a' });
      await store.save([fresh[0]], { tenant: 'purge-b' });
      clock.advance(8);
      await store.lookup('purge-a', touched.key);
      await store.save([fresh[1]], { tenant: 'purge-a' });
      clock.advance(4);

      const purged = await store.purgeExpired(clock.now());

      expect(purged).toBe(4);
      for (const original of stale) {
        await expect(store.lookup('purge-a', original.key)).resolves.toMatchObject({
          status: 'expired',
          ttlSeconds: 10,
        });
      }
      await expect(store.lookup('purge-b', fresh[0].key)).resolves.toMatchObject({
        status: 'expired',
      });
      await expect(store.lookup('purge-a', touched.key)).resolves.toMatchObject({
        status: 'found',
      });
      await expect(store.lookup('purge-a', fresh[1].key)).resolves.toMatchObject({
        status: 'found',
      });
      expect(await store.purgeExpired(clock.now())).toBe(0);

      const probe = await own.probe();
      const events = await probe.query<{ tenant: string; key: string }>(
        `SELECT tenant, key FROM ccr_audit WHERE event = 'purge' ORDER BY id`,
      );
      const remaining = await probe.query<{ key: string }>('SELECT key FROM ccr_originals');
      await probe.close();
      await store.close();
      await own.destroy();
      expect(events.map((event) => event.key).sort()).toEqual(
        [...stale.map((original) => original.key), fresh[0].key].sort(),
      );
      expect(remaining.map((row) => row.key).sort()).toEqual([touched.key, fresh[1].key].sort());
    });
  });

  describe('refresh', () => {
    it('slides the expiry of live originals and names the expired and missing ones', async () => {
      const clock = manualClock();
      const store = await openStore({ ttl: '4s', clock: clock.now });
      const live = record('refresh: replayed every turn');
      const stale = record('refresh: replayed once, then left');
      const never = ccrKey('refresh: never stored');
      await store.save([stale], { tenant: 'replays' });
      clock.advance(2);
      await store.save([live], { tenant: 'replays' });
      clock.advance(3);

      const absent = await store.refresh('replays', [live.key, stale.key, never, live.key]);
      clock.advance(3);

      expect(absent.sort()).toEqual([stale.key, never].sort());
      // Eight seconds after it was saved with a 4 s TTL: alive because of the refresh.
      const found = await store.lookup('replays', live.key);
      expect(found.status === 'found' && found.original.retrievalCount).toBe(1);
      expect(await store.refresh('other-tenant', [live.key])).toEqual([live.key]);
    });

    it('writes no audit row and counts no retrieval', async () => {
      const store = await openStore();
      const original = record('refresh: not a retrieval');
      await store.save([original], { tenant: 'refresh-audit' });

      expect(await store.refresh('refresh-audit', [original.key])).toEqual([]);
      expect(await store.refresh('refresh-audit', [])).toEqual([]);

      const probe = await backend.probe();
      const rows = await probe.query<{ event: string }>(
        `SELECT event FROM ccr_audit WHERE tenant = 'refresh-audit' ORDER BY id`,
      );
      const [row] = await probe.query<{ retrieval_count: number | bigint }>(
        `SELECT retrieval_count FROM ccr_originals WHERE tenant = 'refresh-audit'`,
      );
      await probe.close();
      expect(rows.map((entry) => entry.event)).toEqual(['store']);
      expect(Number(row.retrieval_count)).toBe(0);
    });

    it('answers for more keys than one slice holds', async () => {
      const store = await openStore();
      const originals = Array.from({ length: 1_200 }, (_, n) => record(`refresh: block ${n}`));
      for (let n = 0; n < originals.length; n += 500) {
        await store.save(originals.slice(n, n + 500), { tenant: 'many' });
      }
      const keys = originals.map((original) => original.key);

      expect(await store.refresh('many', keys)).toEqual([]);
      expect(await store.refresh('many', [...keys, ccrKey('gone')])).toEqual([ccrKey('gone')]);
    });
  });

  describe('concurrency', () => {
    it('loses and corrupts nothing under concurrent saves and lookups from two store instances', async () => {
      const first = await openStore();
      const second = await openStore();
      const originals = Array.from({ length: 60 }, (_, index) =>
        record(`concurrent original ${index} ${'é'.repeat(index * 50)}`),
      );

      await Promise.all(
        originals.flatMap((original, index) => [
          first.save([original], { tenant: 'busy' }),
          second.save([original], { tenant: 'busy' }),
          (index % 2 ? first : second).save([original], { tenant: 'busy' }),
        ]),
      );
      const lookups = await Promise.all(
        originals.flatMap((original) => [
          first.lookup('busy', original.key),
          second.lookup('busy', original.key),
        ]),
      );

      expect(lookups.every((result) => result.status === 'found')).toBe(true);
      for (const [index, original] of originals.entries()) {
        const result = lookups[index * 2];
        expect(result.status === 'found' && result.original.content).toBe(original.content);
      }
      const stats = await first.stats('busy');
      expect(stats.entries).toBe(60);
      expect(stats.retrievals).toBe(120);
    });
  });

  if (name === 'sqlite') {
    describe('another process on the same file', () => {
      it("waits out the other process's write locks and loses nothing", async () => {
        const store = await openStore();
        const path = backend.url.slice('file:'.length);
        // A competing writer, as a second gateway on the same file would be:
        // it holds the write lock 30 ms at a time for about 1.5 s.
        const writer = spawn(process.execPath, [
          '-e',
          `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
           const db = new Database(${JSON.stringify(path)}, { timeout: 10000 });
           const spin = (ms) => { const until = Date.now() + ms; while (Date.now() < until) {} };
           process.stdout.write('ready');
           for (const end = Date.now() + 1500; Date.now() < end; spin(5)) {
             db.exec('BEGIN IMMEDIATE');
             spin(30);
             db.exec("INSERT INTO ccr_audit (event, tenant, key, at) VALUES ('store', 'other', 'x', '2026-01-05T10:00:00.000+00:00')");
             db.exec('COMMIT');
           }`,
        ]);
        const exited = new Promise<number | null>((resolve) => writer.once('exit', resolve));
        await Promise.race([new Promise((resolve) => writer.stdout.once('data', resolve)), exited]);
        const originals = Array.from({ length: 40 }, (_, index) => record(`contended ${index}`));

        await Promise.all(
          originals.map((original) => store.save([original], { tenant: 'contended' })),
        );
        const exitCode = await exited;

        expect(exitCode).toBe(0);
        expect((await store.stats('contended')).entries).toBe(40);
      }, 30_000);

      it('refuses a lookup as StorageUnavailableError (locked) while BEGIN EXCLUSIVE outlasts its wait', async () => {
        const store = await openStore();
        const path = backend.url.slice('file:'.length);
        const original = record('held behind an exclusive lock');
        await store.save([original], { tenant: 'held' });
        const holder = spawn(process.execPath, [
          '-e',
          `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
           const db = new Database(${JSON.stringify(path)});
           db.exec('BEGIN EXCLUSIVE');
           process.stdout.write('locked');
           process.stdin.on('data', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });`,
        ]);
        const exited = new Promise((resolve) => holder.once('exit', resolve));
        await new Promise((resolve) => holder.stdout.once('data', resolve));

        const during = await store.lookup('held', original.key).catch((error: unknown) => error);
        holder.stdin.write('release\n');
        await exited;

        expect(during).toBeInstanceOf(StorageUnavailableError);
        expect(during).toMatchObject({ fault: 'locked' });
        expect(await store.lookup('held', original.key)).toMatchObject({ status: 'found' });
      }, 30_000);
    });
  }

  describe('audit trail', () => {
    it('writes store, retrieve, miss and expired events with the actor and never the content', async () => {
      const clock = manualClock();
      const store = await openStore({ ttl: '5s', clock: clock.now });
      const secret = record('SECRET-CONTENT-9f2c');

      await store.save([secret], { tenant: 'audited', requestId: 'req-1' });
      await store.lookup('audited', secret.key, 'retrieval-loop');
      await store.lookup('audited', ccrKey('never stored'), 'http');
      clock.advance(6);
      await store.lookup('audited', secret.key, 'http');

      const probe = await backend.probe();
      const rows = await probe.query<Record<string, unknown>>(
        `SELECT * FROM ccr_audit WHERE tenant = 'audited' ORDER BY id`,
      );
      await probe.close();
      expect(rows.map((row) => [row['event'], row['actor']])).toEqual([
        ['store', 'req-1'],
        ['retrieve', 'retrieval-loop'],
        ['miss', 'http'],
        ['expired', 'http'],
      ]);
      expect(Object.keys(rows[0]).sort()).toEqual([
        'actor',
        'at',
        'event',
        'id',
        'items_served',
        'key',
        'query',
        'query_sha256',
        'retrieval_type',
        'tenant',
        'total_items',
      ]);
      expect(JSON.stringify(rows)).not.toContain('SECRET-CONTENT');

      const start = new Date('2026-01-05T10:00:00.000Z');
      const exported = await store.auditEvents(start, new Date(start.getTime() + 6000));
      const full = { type: 'full', queryDigest: null };
      expect(exported.filter((entry) => entry.tenant === 'audited')).toEqual([
        {
          event: 'store',
          tenant: 'audited',
          key: secret.key,
          actor: 'req-1',
          at: start,
          retrieval: null,
        },
        {
          event: 'retrieve',
          tenant: 'audited',
          key: secret.key,
          actor: 'retrieval-loop',
          at: start,
          retrieval: { ...full, itemsServed: 1, totalItems: 1 },
        },
        {
          event: 'miss',
          tenant: 'audited',
          key: ccrKey('never stored'),
          actor: 'http',
          at: start,
          retrieval: { ...full, itemsServed: null, totalItems: null },
        },
      ]);
    });
  });

  describe('stats', () => {
    it('sums one tenant’s live originals and lists its latest retrievals', async () => {
      const clock = manualClock();
      const store = await openStore({ ttl: '1h', clock: clock.now });
      const first = record('stats one', { tokensBefore: 100, tokensAfter: 10, itemCount: 50 });
      const second = record('stats two', { tokensBefore: 30, tokensAfter: 3 });
      await store.save([first, second], { tenant: 'stats', toolName: 'search' });
      await store.save([record('other tenant')], { tenant: 'stats-other' });
      await store.lookup('stats', first.key);
      await store.lookup('stats', first.key);

      const stats = await store.stats('stats');

      expect(stats).toMatchObject({
        tenant: 'stats',
        ttlSeconds: 3600,
        entries: 2,
        expiredPending: 0,
        contentBytes: 18,
        originalTokens: 130,
        compressedTokens: 13,
        retrievals: 2,
      });
      expect(stats.recentRetrievals).toHaveLength(2);
      expect(stats.recentRetrievals[0]).toMatchObject({
        key: first.key,
        toolName: 'search',
        itemCount: 50,
      });
    });
  });
});
