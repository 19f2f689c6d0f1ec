import { emptySession } from '@headroom/aligner';
import { createRedisConnection } from './redis-connection';
import { RedisSessionStore } from './redis-session.store';
import { type RedisTestServer, startRedisTestServer } from './testing/redis-test-server';

describe(RedisSessionStore.name, () => {
  let server: RedisTestServer;

  beforeAll(async () => {
    server = await startRedisTestServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('shares a session between two replicas', async () => {
    const first = createRedisConnection({ url: server.url, name: 'replica-a' });
    const second = createRedisConnection({ url: server.url, name: 'replica-b' });
    const state = {
      ...emptySession(),
      turns: 3,
      retrievalToolInjected: true,
      sent: { abc: { text: 'short', kind: 'log', compressor: 'squash-log' } },
    };

    await new RedisSessionStore({ redis: first }).set('s1', state);
    const seen = await new RedisSessionStore({ redis: second }).get('s1');
    first.disconnect();
    second.disconnect();

    expect(seen).toEqual(state);
  });

  it('misses instead of failing when Redis is away', async () => {
    const redis = createRedisConnection({ url: 'redis://127.0.0.1:1', name: 'nowhere' });
    const store = new RedisSessionStore({ redis });

    await expect(store.get('s1')).resolves.toBeUndefined();
    await expect(store.set('s1', emptySession())).resolves.toBeUndefined();
    redis.disconnect();
  });
});
