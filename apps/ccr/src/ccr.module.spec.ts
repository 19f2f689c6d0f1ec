import { InMemoryOriginalStore, queryDigest } from '@headroom/ccr';
import { TRANSPORT_PATTERNS, ccrKey } from '@headroom/contracts';
import {
  RedisCachedOriginalStore,
  RemoteOriginalStore,
  type RedisTestServer,
  type RunningWorker,
  startRedisTestServer,
  startWorker,
} from '@headroom/transport';
import type { CcrConfig } from './ccr.config';
import { CcrModule } from './ccr.module';

function configFor(redis: RedisTestServer): CcrConfig {
  return {
    worker: {
      redisUrl: redis.url,
      healthPort: 0,
      healthHost: '127.0.0.1',
      concurrency: 4,
      claimIdleMs: 5_000,
      claimIntervalMs: 1_000,
      logLevel: 'error',
    },
    databaseUrl: 'memory',
    sweepIntervalMs: 200,
    auditExportIntervalMs: 60_000,
    auditExportDir: 'tmp/audit-test',
  };
}

describe(CcrModule.name, () => {
  let redis: RedisTestServer;
  let store: InMemoryOriginalStore;
  let worker: RunningWorker;
  let remote: RemoteOriginalStore;

  beforeAll(async () => {
    redis = await startRedisTestServer();
    store = new InMemoryOriginalStore();
    worker = await startWorker({
      module: CcrModule.forRoot(store, configFor(redis)),
      info: { family: 'ccr', components: ['store:memory'] },
      config: configFor(redis).worker,
    });
    remote = new RemoteOriginalStore({ redisUrl: redis.url, timeoutMs: 3_000 });
  });

  afterAll(async () => {
    await remote.close();
    await worker.close();
    await redis.stop();
  });

  it('saves over ccr.save and finds the original over ccr.lookup, scoped to its tenant', async () => {
    const content = JSON.stringify({ rows: Array.from({ length: 50 }, (_, id) => ({ id })) });
    const key = ccrKey(content);

    await remote.save([{ key, content, kind: 'json', compressor: 'json' }], {
      tenant: 'acme',
      requestId: 'req-save',
    });
    const found = await remote.lookup('acme', key);
    const other = await remote.lookup('globex', key);

    expect(found.status).toBe('found');
    expect(found.status === 'found' && found.original.content).toBe(content);
    expect(found.status === 'found' && found.original.createdAt).toBeInstanceOf(Date);
    expect(other.status).toBe('missing');
  });

  it('carries a search’s query over ccr.lookup, so the service audits it as a search', async () => {
    const content = JSON.stringify(Array.from({ length: 40 }, (_, id) => ({ id, tag: `t${id}` })));
    const key = ccrKey(content);
    await remote.save([{ key, content, kind: 'json', compressor: 'json' }], { tenant: 'acme' });

    await remote.lookup('acme', key, 'http', { query: 't7' });
    await remote.lookup('acme', key, 'model');

    const audited = store
      .auditTrail()
      .filter((entry) => entry.key === key && entry.event === 'retrieve')
      .map((entry) => [entry.actor, entry.retrieval]);
    expect(audited).toEqual([
      [
        'http',
        { type: 'search', queryDigest: queryDigest('acme', 't7'), itemsServed: 1, totalItems: 40 },
      ],
      ['model', { type: 'full', queryDigest: null, itemsServed: 40, totalItems: 40 }],
    ]);
  });

  it('serves repeat lookups from the Redis read-through cache', async () => {
    const content = 'cached original '.repeat(100);
    const key = ccrKey(content);
    await remote.save([{ key, content, kind: 'prose', compressor: 'squash' }], { tenant: 'acme' });
    const cached = new RedisCachedOriginalStore(remote, { redis: redis.url, ttlSeconds: 60 });
    const lookup = jest.spyOn(remote, 'lookup');

    try {
      const first = await cached.lookup('acme', key);
      const second = await cached.lookup('acme', key);
      const otherTenant = await cached.lookup('globex', key);

      expect(first.status).toBe('found');
      expect(second).toEqual(first);
      expect(otherTenant.status).toBe('missing');
      // Once for the first read, once for the other tenant; never for the repeat.
      expect(lookup).toHaveBeenCalledTimes(2);
    } finally {
      lookup.mockRestore();
      await cached.close();
    }
  });

  it('refreshes replayed originals over ccr.refresh, through the read-through cache too', async () => {
    const content = 'replayed original '.repeat(100);
    const key = ccrKey(content);
    const gone = ccrKey('never saved over the wire');
    await remote.save([{ key, content, kind: 'prose', compressor: 'squash' }], { tenant: 'acme' });
    const cached = new RedisCachedOriginalStore(remote, { redis: redis.url, ttlSeconds: 60 });
    const refresh = jest.spyOn(store, 'refresh');

    try {
      expect(await remote.refresh('acme', [key, gone])).toEqual([gone]);
      expect(await cached.refresh('acme', [key])).toEqual([]);
      expect(await cached.refresh('globex', [key])).toEqual([key]);
      expect(await remote.refresh('acme', [])).toEqual([]);
      // The empty list never crossed the wire.
      expect(refresh).toHaveBeenCalledTimes(3);
    } finally {
      refresh.mockRestore();
      await cached.close();
    }
  });

  it('answers health with its store', async () => {
    const health = await remote.checkHealth(2_000);

    expect(health).toMatchObject({ family: 'ccr', status: 'up' });
    expect(health.status === 'up' && health.worker.components).toEqual(['store:memory']);
  });

  it('runs the retention sweep as a repeatable BullMQ job', async () => {
    const purge = jest.spyOn(store, 'purgeExpired');

    await waitFor(() => purge.mock.calls.length >= 2, 5_000);

    expect(purge).toHaveBeenCalled();
    purge.mockRestore();
  });

  it('names the ccr patterns from the contracts', () => {
    expect([
      TRANSPORT_PATTERNS.ccrSave,
      TRANSPORT_PATTERNS.ccrLookup,
      TRANSPORT_PATTERNS.ccrRefresh,
    ]).toEqual(['ccr.save', 'ccr.lookup', 'ccr.refresh']);
  });
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
