import { createDistributedMode } from './distributed-mode';
import { type RedisTestServer, startRedisTestServer } from './testing/redis-test-server';

describe(createDistributedMode.name, () => {
  let redis: RedisTestServer;

  beforeAll(async () => {
    redis = await startRedisTestServer();
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('reports every family and the CCR service as down when no worker runs', async () => {
    const mode = createDistributedMode({ redisUrl: redis.url, compressionTimeoutMs: 200 });
    try {
      const health = await mode.checkHealth(200);

      expect(health.map((entry) => [entry.family, entry.status])).toEqual([
        ['json', 'down'],
        ['code', 'down'],
        ['dom', 'down'],
        ['squash', 'down'],
        ['ccr', 'down'],
      ]);
      expect((await mode.queueDepths()).map((depth) => depth.family)).toEqual([
        'json',
        'code',
        'dom',
        'squash',
      ]);
      expect(await mode.compressionCache.get('nothing')).toBeUndefined();
    } finally {
      await mode.close();
    }
  });
});
