import { ccrKey, type OriginalRecord } from '@headroom/contracts';
import { InMemoryOriginalStore } from './in-memory-original.store';
import { RetentionPolicy } from './retention.policy';
import { queryDigest } from './retrieval-audit';

function record(content: string, extra: Partial<OriginalRecord> = {}): OriginalRecord {
  return { key: ccrKey(content), content, kind: 'json', compressor: 'json', ...extra };
}

function manualClock(start = '2026-01-05T10:00:00.000Z') {
  let now = new Date(start).getTime();

  return {
    now: () => new Date(now),
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
  };
}

describe(InMemoryOriginalStore.name, () => {
  describe('lookup', () => {
    it('returns the original byte for byte and counts the retrieval', async () => {
      const store = new InMemoryOriginalStore();
      const original = record('配置 🚀 "q" \\ \r\n', { itemCount: 3, keptCount: 1 });
      await store.save([original], { tenant: 'acme', toolName: 'grep', tokensBefore: 40 });

      const first = await store.lookup('acme', original.key);
      const second = await store.lookup('acme', original.key);

      expect(first).toMatchObject({ status: 'found', original: { content: original.content } });
      expect(second).toMatchObject({
        status: 'found',
        original: { retrievalCount: 2, toolName: 'grep', tokensBefore: 40, itemCount: 3 },
      });
    });

    it("answers missing for another tenant's key", async () => {
      const store = new InMemoryOriginalStore();
      const original = record('only for a');
      await store.save([original], { tenant: 'a' });

      await expect(store.lookup('b', original.key)).resolves.toEqual({
        status: 'missing',
        key: original.key,
      });
    });
  });

  describe('retention', () => {
    it('slides the expiry on access, then answers expired with the TTL, also after a purge', async () => {
      const clock = manualClock();
      const store = new InMemoryOriginalStore({
        retention: RetentionPolicy.fromEnv({ HEADROOM_CCR_TTL: '4s' }),
        clock: clock.now,
      });
      const original = record('rows(300)');
      await store.save([original], { tenant: 'acme' });

      clock.advance(3);
      expect((await store.lookup('acme', original.key)).status).toBe('found');
      clock.advance(3);
      expect((await store.lookup('acme', original.key)).status).toBe('found');
      clock.advance(5);
      const expired = { status: 'expired', key: original.key, ttlSeconds: 4 };

      await expect(store.lookup('acme', original.key)).resolves.toEqual(expired);
      expect(await store.purgeExpired()).toBe(1);
      await expect(store.lookup('acme', original.key)).resolves.toEqual(expired);
    });

    it('purges exactly the expired rows and keeps one row per saved content', async () => {
      const clock = manualClock();
      const store = new InMemoryOriginalStore({
        retention: new RetentionPolicy(10),
        clock: clock.now,
      });
      const old = record('old');
      const renewed = record('renewed');
      await store.save([old, renewed], { tenant: 't' });
      clock.advance(8);
      await store.save([renewed], { tenant: 't' });
      clock.advance(4);

      expect(await store.purgeExpired()).toBe(1);
      expect(await store.stats('t')).toMatchObject({ entries: 1, expiredPending: 0 });
      expect(store.auditTrail().filter((entry) => entry.event === 'purge')).toEqual([
        expect.objectContaining({ key: old.key, tenant: 't', actor: 'retention' }),
      ]);
    });
  });

  describe('refresh', () => {
    it('slides the expiry of live originals and names the expired, purged and missing ones', async () => {
      const clock = manualClock();
      const store = new InMemoryOriginalStore({
        retention: new RetentionPolicy(4),
        clock: clock.now,
      });
      const live = record('replayed every turn');
      const stale = record('replayed once, then left');
      const purged = record('replayed once, then purged');
      await store.save([purged], { tenant: 'acme' });
      clock.advance(5);
      await store.purgeExpired();
      await store.save([stale], { tenant: 'acme' });
      clock.advance(2);
      await store.save([live], { tenant: 'acme' });
      clock.advance(3);

      const keys = [live.key, stale.key, purged.key, ccrKey('never stored'), live.key];
      const absent = await store.refresh('acme', keys);
      clock.advance(3);

      // Six seconds after its save with a 4 s TTL: alive because of the refresh.
      expect(absent.sort()).toEqual([stale.key, purged.key, ccrKey('never stored')].sort());
      expect(await store.lookup('acme', live.key)).toMatchObject({ status: 'found' });
      expect(await store.refresh('other', [live.key])).toEqual([live.key]);
    });

    it('audits nothing and counts no retrieval', async () => {
      const store = new InMemoryOriginalStore();
      const original = record('not a retrieval');
      await store.save([original], { tenant: 'acme' });

      await store.refresh('acme', [original.key]);

      expect(store.auditTrail().map((entry) => entry.event)).toEqual(['store']);
      expect((await store.stats('acme')).retrievals).toBe(0);
    });
  });

  describe('auditTrail', () => {
    it('records every store, retrieval and miss without content', async () => {
      const store = new InMemoryOriginalStore();
      const original = record('SECRET');
      await store.save([original], { tenant: 't', requestId: 'req-9' });
      await store.lookup('t', original.key, 'loop');
      await store.lookup('t', ccrKey('nothing'), 'http');

      const trail = store.auditTrail();

      expect(trail.map((entry) => [entry.event, entry.actor])).toEqual([
        ['store', 'req-9'],
        ['retrieve', 'loop'],
        ['miss', 'http'],
      ]);
      expect(JSON.stringify(trail)).not.toContain('SECRET');
      await expect(store.auditEvents(new Date(0), new Date(8.64e15))).resolves.toEqual(trail);
      await expect(store.auditEvents(new Date(0), new Date(1))).resolves.toEqual([]);
    });

    it('records how each lookup read: a search with its query and counts, a full read whole', async () => {
      const clock = manualClock();
      const store = new InMemoryOriginalStore({
        retention: new RetentionPolicy(10),
        clock: clock.now,
      });
      const original = record('["alpha", "beta", "alpha beta", "gamma"]');
      await store.save([original], { tenant: 't' });
      await store.lookup('t', original.key, 'http', { query: 'alpha' });
      await store.lookup('t', original.key, 'model');
      await store.lookup('t', ccrKey('nothing'), 'http', { query: 'alpha' });

      const recent = (await store.stats('t')).recentRetrievals.map((item) => item.retrieval);

      expect(recent).toEqual([
        { type: 'full', query: null, queryDigest: null, itemsServed: 4, totalItems: 4 },
        {
          type: 'search',
          query: 'alpha',
          queryDigest: queryDigest('t', 'alpha'),
          itemsServed: 2,
          totalItems: 4,
        },
      ]);
      expect(store.auditTrail().map((entry) => entry.retrieval)).toEqual([
        null,
        { type: 'search', queryDigest: queryDigest('t', 'alpha'), itemsServed: 2, totalItems: 4 },
        { type: 'full', queryDigest: null, itemsServed: 4, totalItems: 4 },
        {
          type: 'search',
          queryDigest: queryDigest('t', 'alpha'),
          itemsServed: null,
          totalItems: null,
        },
      ]);
      expect(JSON.stringify(store.auditTrail())).not.toContain('alpha');
    });

    it('forgets a search’s query text when retention purges its original, keeping the digest', async () => {
      const clock = manualClock();
      const store = new InMemoryOriginalStore({
        retention: new RetentionPolicy(10),
        clock: clock.now,
      });
      const original = record('["alpha", "beta"]');
      const kept = record('["kept"]');
      await store.save([original, kept], { tenant: 't' });
      await store.lookup('t', original.key, 'http', { query: 'beta' });
      await store.lookup('t', kept.key, 'http', { query: 'kept' });

      clock.advance(11);
      await store.save([kept], { tenant: 't' });
      await store.purgeExpired();

      const recent = (await store.stats('t')).recentRetrievals;
      expect(recent.map((item) => [item.key, item.retrieval?.query])).toEqual([
        [kept.key, 'kept'],
        [original.key, null],
      ]);
      expect(recent[1].retrieval?.queryDigest).toBe(queryDigest('t', 'beta'));
    });
  });
});
