import {
  TRANSPORT_KEYS,
  TRANSPORT_PATTERNS,
  type TransportRequest,
  type WorkerHealth,
} from '@headroom/contracts';
import { Controller, Module } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { Redis } from 'ioredis';
import { StreamsClient } from './streams.client';
import type { StreamsContext } from './streams.context';
import { type RedisTestServer, startRedisTestServer } from './testing/redis-test-server';
import { TransportError } from './transport.error';
import { type RunningWorker, startWorker } from './worker.bootstrap';
import type { WorkerConfig } from './worker.config';

type Echo = { text: string; delayMs?: number; fail?: boolean };
type EchoAnswer = { length: number; requestId: string; consumer: string; text?: string };

@Controller()
class EchoController {
  @MessagePattern(TRANSPORT_PATTERNS.compressJson)
  async echo(
    @Payload() request: TransportRequest<Echo>,
    @Ctx() context: StreamsContext,
  ): Promise<EchoAnswer> {
    const { text, delayMs, fail } = request.payload;
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (fail) throw new Error('secret detail that must not cross the wire');

    return {
      length: text.length,
      requestId: context.getRequestId(),
      consumer: context.getConsumer(),
      ...(text.length > 1_000_000 ? { text } : {}),
    };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

function configFor(redis: RedisTestServer, overrides: Partial<WorkerConfig> = {}): WorkerConfig {
  return {
    redisUrl: redis.url,
    healthPort: 0,
    healthHost: '127.0.0.1',
    concurrency: 1,
    claimIdleMs: 500,
    claimIntervalMs: 100,
    logLevel: 'error',
    ...overrides,
  };
}

function startEchoWorker(redis: RedisTestServer, overrides: Partial<WorkerConfig> = {}) {
  return startWorker({
    module: EchoModule,
    info: { family: 'json', components: ['echo'] },
    config: configFor(redis, overrides),
  });
}

describe(StreamsClient.name, () => {
  let redis: RedisTestServer;
  let admin: Redis;
  const workers: RunningWorker[] = [];
  const clients: StreamsClient[] = [];

  const client = (timeoutMs = 2_000, inlineLimitBytes?: number) => {
    const created = new StreamsClient({
      redisUrl: redis.url,
      family: 'json',
      timeoutMs,
      ...(inlineLimitBytes ? { inlineLimitBytes } : {}),
    });
    clients.push(created);

    return created;
  };

  beforeAll(async () => {
    redis = await startRedisTestServer();
    admin = new Redis(redis.url);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((each) => each.close()));
    await Promise.all(workers.splice(0).map((each) => each.close()));
    await admin.flushall();
  });

  afterAll(async () => {
    admin.disconnect();
    await redis.stop();
  });

  describe('request', () => {
    it('round-trips through one worker and carries the request id', async () => {
      workers.push(await startEchoWorker(redis));

      const answer = await client().request<EchoAnswer, Echo>(
        TRANSPORT_PATTERNS.compressJson,
        { text: 'hello' },
        'req-123',
      );

      expect(answer).toMatchObject({ length: 5, requestId: 'req-123' });
      expect(await admin.xlen(TRANSPORT_KEYS.requests('json'))).toBe(0);
    });

    it('gives each request to exactly one of three replicas', async () => {
      for (let index = 0; index < 3; index += 1) {
        workers.push(await startEchoWorker(redis, { consumer: `replica-${index}` }));
      }
      const sender = client(5_000);

      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, index) =>
          sender.request<EchoAnswer, Echo>(
            TRANSPORT_PATTERNS.compressJson,
            { text: 'x'.repeat(index + 1), delayMs: 5 },
            `req-${index}`,
          ),
        ),
      );

      const handled = await admin.hgetall(TRANSPORT_KEYS.handled('json'));
      const total = Object.values(handled).reduce((sum, count) => sum + Number(count), 0);
      expect(answers.map((answer) => answer.requestId)).toEqual(
        Array.from({ length: 60 }, (_, index) => `req-${index}`),
      );
      expect(total).toBe(60);
      expect(Object.keys(handled).sort()).toEqual(['replica-0', 'replica-1', 'replica-2']);
    });

    it('rejects with a timeout when no replica answers', async () => {
      const started = Date.now();

      await expect(
        client(300).request(TRANSPORT_PATTERNS.compressJson, { text: 'nobody home' }),
      ).rejects.toMatchObject({ reason: 'timeout' });
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('sends a generic message for an unexpected handler error', async () => {
      workers.push(await startEchoWorker(redis));

      const failure = await client()
        .request(TRANSPORT_PATTERNS.compressJson, { text: 'boom', fail: true })
        .catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(TransportError);
      expect((failure as TransportError).message).toBe('worker failed');
    });

    it('answers unknown patterns with a coded error', async () => {
      workers.push(await startEchoWorker(redis));

      await expect(client().request('compress.nothing', {})).rejects.toMatchObject({
        reason: 'unknown_pattern',
      });
    });

    it('passes a 10 MB body and answer by reference', async () => {
      workers.push(await startEchoWorker(redis));
      const text = 'y'.repeat(10 * 1024 * 1024);

      const answer = await client(10_000).request<EchoAnswer, Echo>(
        TRANSPORT_PATTERNS.compressJson,
        { text },
      );

      expect(answer.length).toBe(text.length);
      expect(answer.text).toBe(text);
      const bodies = await admin.keys(TRANSPORT_KEYS.body('*'));
      expect(bodies.length).toBeGreaterThan(0);
      expect(await admin.pttl(bodies[0])).toBeGreaterThan(0);
    });
  });

  describe('claiming', () => {
    it('lets a live replica finish what a dead one had read', async () => {
      const sender = client(5_000);
      const stream = TRANSPORT_KEYS.requests('json');
      await admin.call('XGROUP', 'CREATE', stream, 'workers', '0', 'MKSTREAM');
      const pending = sender.request<EchoAnswer, Echo>(
        TRANSPORT_PATTERNS.compressJson,
        { text: 'orphan' },
        'req-orphan',
      );
      // A replica that reads the entry and dies before answering.
      let read: unknown = null;
      while (!read) {
        read = await admin.call(
          'XREADGROUP',
          'GROUP',
          'workers',
          'dead',
          'COUNT',
          '1',
          'STREAMS',
          stream,
          '>',
        );
      }
      workers.push(await startEchoWorker(redis, { consumer: 'survivor' }));

      const answer = await pending;

      expect(answer).toMatchObject({ requestId: 'req-orphan', consumer: 'survivor' });
      expect(workers[0].server.stats.claimed).toBe(1);
    });
  });

  describe('forgetting dead replicas', () => {
    it('removes a long-silent consumer with nothing pending from the group', async () => {
      const stream = TRANSPORT_KEYS.requests('json');
      await admin.call('XGROUP', 'CREATE', stream, 'workers', '0', 'MKSTREAM');
      await admin.call('XGROUP', 'CREATECONSUMER', stream, 'workers', 'ghost');
      workers.push(await startEchoWorker(redis, { consumer: 'alive', forgetConsumerAfterMs: 300 }));
      // Redis 7.0 creates a consumer only once it has been handed an entry.
      await client().request(TRANSPORT_PATTERNS.compressJson, { text: 'hello' });

      const names = async () =>
        ((await admin.call('XINFO', 'CONSUMERS', stream, 'workers')) as string[][]).map(
          (fields) => fields[fields.indexOf('name') + 1],
        );
      const deadline = Date.now() + 5_000;
      while (JSON.stringify(await names()) !== '["alive"]' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      expect(await names()).toEqual(['alive']);
    });
  });

  describe('checkHealth', () => {
    it('reports a live family as up and an empty one as down', async () => {
      const health = await client().checkHealth(300);
      expect(health).toMatchObject({ family: 'json', status: 'down' });

      workers.push(await startEchoWorker(redis, { consumer: 'healthy' }));
      const up = await client().checkHealth(2_000);

      expect(up.status).toBe('up');
      expect((up as { worker: WorkerHealth }).worker).toMatchObject({
        family: 'json',
        consumer: 'healthy',
        components: ['echo'],
      });
    });

    it('serves /readyz and /metrics on the health port', async () => {
      const worker = await startEchoWorker(redis);
      workers.push(worker);
      await client().request(TRANSPORT_PATTERNS.compressJson, { text: 'count me' });

      const ready = await fetch(`http://127.0.0.1:${worker.healthPort}/readyz`);
      const metrics = await (await fetch(`http://127.0.0.1:${worker.healthPort}/metrics`)).text();

      expect(ready.status).toBe(200);
      expect(metrics).toContain('headroom_worker_handled_total{family="json"} 1');
      expect(metrics).toContain('headroom_transport_queue_depth{family="json",state="waiting"} 0');
    });
  });

  describe('queueDepth', () => {
    it('counts requests no replica has taken yet', async () => {
      const sender = client(1_000);
      const calls = [1, 2, 3].map((index) =>
        sender.request(TRANSPORT_PATTERNS.compressJson, { text: `${index}` }).catch(() => 'failed'),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));

      expect(await sender.queueDepth()).toMatchObject({ family: 'json', length: 3, waiting: 3 });
      await Promise.all(calls);
    });
  });
});

describe('Redis loss', () => {
  it('fails fast while Redis is down and recovers when it is back', async () => {
    let redis = await startRedisTestServer();
    const port = redis.port;
    const worker = await startEchoWorker(redis);
    const sender = new StreamsClient({ redisUrl: redis.url, family: 'json', timeoutMs: 1_000 });
    try {
      await expect(
        sender.request(TRANSPORT_PATTERNS.compressJson, { text: 'before' }),
      ).resolves.toMatchObject({ length: 6 });

      await redis.stop();
      const started = Date.now();
      await expect(
        sender.request(TRANSPORT_PATTERNS.compressJson, { text: 'during' }),
      ).rejects.toBeInstanceOf(TransportError);
      expect(Date.now() - started).toBeLessThan(1_100);

      // A fresh, empty Redis on the same port: the group must be made again.
      redis = await startRedisTestServer(port);
      const answer = await retry(() =>
        sender.request<EchoAnswer, Echo>(TRANSPORT_PATTERNS.compressJson, { text: 'after' }),
      );
      expect(answer.length).toBe(5);
    } finally {
      await sender.close();
      await worker.close();
      await redis.stop();
    }
  });
});

async function retry<T>(call: () => Promise<T>, attempts = 40): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
