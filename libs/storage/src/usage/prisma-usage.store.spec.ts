import { type Backend, postgresBackend, sqliteBackend } from '../../test/backends';
import { openOriginalStore } from '../open-original.store';
import {
  DatabaseNotFoundError,
  PrismaUsageStore,
  type UsageRow,
  openUsageStore,
} from './prisma-usage.store';

function row(overrides: Partial<UsageRow> = {}): UsageRow {
  return {
    requestId: 'req-1',
    tenant: 'acme',
    route: 'anthropic-messages',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    status: 200,
    tokensBefore: 1_000,
    tokensAfter: 400,
    cachedTokens: null,
    bytesBefore: 4_000,
    bytesAfter: 1_700,
    durationMs: 12,
    overheadMs: 1.5,
    compressors: ['json', 'log'],
    ccrStored: 2,
    failOpen: false,
    at: new Date('2026-12-04T10:15:00.000Z'),
    ...overrides,
  };
}

describe.each([
  ['sqlite', sqliteBackend],
  ['postgresql', postgresBackend],
])(`${PrismaUsageStore.name} on %s`, (_name, makeBackend: () => Backend) => {
  let backend: Backend;
  let store: PrismaUsageStore;

  beforeAll(async () => {
    backend = makeBackend();
    store = await openUsageStore({ databaseUrl: backend.url });
  });

  afterAll(async () => {
    await store.close();
    await backend.destroy();
  });

  describe('existingOnly', () => {
    it('opens the database the gateway set up', async () => {
      const reader = await openUsageStore({ databaseUrl: backend.url, existingOnly: true });

      await reader.close();
    });

    it('refuses a location that holds no Headroom database, and creates none', async () => {
      const fresh = makeBackend();

      // Twice: had the first attempt created anything, the second would open it.
      try {
        await expect(
          openUsageStore({ databaseUrl: fresh.url, existingOnly: true }),
        ).rejects.toBeInstanceOf(DatabaseNotFoundError);
        await expect(
          openUsageStore({ databaseUrl: fresh.url, existingOnly: true }),
        ).rejects.toBeInstanceOf(DatabaseNotFoundError);
      } finally {
        await fresh.destroy();
      }
    });
  });

  describe('list', () => {
    it('reads back what was inserted, filtered by window and tenant', async () => {
      await store.insertMany([
        row(),
        row({ requestId: 'req-2', tenant: 'globex', compressors: [] }),
        row({ requestId: 'req-3', at: new Date('2026-12-05T00:00:00.000Z') }),
      ]);

      const window = {
        from: new Date('2026-12-04T00:00:00.000Z'),
        to: new Date('2026-12-05T00:00:00.000Z'),
      };
      const all = await store.list(window);
      const acme = await store.list({ ...window, tenant: 'acme' });

      expect(all.map((entry) => entry.requestId).sort()).toEqual(['req-1', 'req-2']);
      expect(acme).toEqual([row()]);
      expect(all.find((entry) => entry.tenant === 'globex')?.compressors).toEqual([]);
    });
  });

  describe('auditCounts', () => {
    it('counts the CCR audit trail per tenant, event and kind of retrieval', async () => {
      const originals = await openOriginalStore({ databaseUrl: backend.url });
      const record = {
        key: 'k'.repeat(32),
        content: 'original text',
        kind: 'log' as const,
        compressor: 'log',
      };
      await originals.save([record], { tenant: 'acme', requestId: 'req-1' });
      await originals.lookup('acme', record.key);
      await originals.lookup('acme', record.key, 'http', { query: 'original' });
      await originals.lookup('acme', record.key, 'http', { query: 'text' });
      await originals.lookup('acme', 'm'.repeat(32));
      await originals.close();

      const counts = await store.auditCounts({ tenant: 'acme' });
      const held = await store.storedOriginals('acme');

      const byKind = counts.map((entry) => [entry.event, entry.retrievalType, entry.count]);
      expect(byKind.sort()).toEqual([
        ['miss', 'full', 1],
        ['retrieve', 'full', 1],
        ['retrieve', 'search', 2],
        ['store', null, 1],
      ]);
      expect(held).toEqual([{ tenant: 'acme', originals: 1, bytes: 13 }]);
    });
  });
});
