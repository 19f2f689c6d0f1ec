import type { CompressOutcome } from '@headroom/contracts';
import { RedisCompressionCache } from './redis-compression.cache';
import { type RedisTestServer, startRedisTestServer } from './testing/redis-test-server';

const outcome = (text: string): CompressOutcome => ({
  status: 'compressed',
  text,
  transforms: ['json:table'],
  originals: [],
});

describe(RedisCompressionCache.name, () => {
  let redis: RedisTestServer;

  beforeAll(async () => {
    redis = await startRedisTestServer();
  });

  afterAll(async () => {
    await redis.stop();
  });

  describe('remember', () => {
    it('makes every replica use the first outcome stored for a key', async () => {
      const first = new RedisCompressionCache({ redis: redis.url, localEntries: 0 });
      const second = new RedisCompressionCache({ redis: redis.url, localEntries: 0 });
      try {
        const winner = await first.remember('lossy:abc', outcome('from replica one'));
        const loser = await second.remember('lossy:abc', outcome('from replica two'));

        expect(winner).toEqual(outcome('from replica one'));
        expect(loser).toEqual(outcome('from replica one'));
        expect(await second.get('lossy:abc')).toEqual(outcome('from replica one'));
        expect(await second.get('lossy:other')).toBeUndefined();
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    });

    it('falls back to the caller outcome when Redis is unreachable', async () => {
      const spare = await startRedisTestServer();
      const cache = new RedisCompressionCache({ redis: spare.url, localEntries: 0 });
      await cache.get('warm-up');
      await spare.stop();
      try {
        const started = Date.now();

        expect(await cache.remember('lossy:k', outcome('mine'))).toEqual(outcome('mine'));
        expect(await cache.get('lossy:k')).toBeUndefined();
        expect(Date.now() - started).toBeLessThan(500);
      } finally {
        await cache.close();
      }
    });
  });
});
