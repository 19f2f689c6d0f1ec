import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { InMemoryOriginalStore } from '@headroom/ccr';
import { ccrKey } from '@headroom/contracts';
import { RequestPipeline, createEmbeddedPipeline, routerDetector } from '@headroom/pipeline';
import {
  RedisCachedOriginalStore,
  type RemoteCompressorPort,
  RemoteOriginalStore,
  createRemoteCompressorPort,
} from '@headroom/transport';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { Cluster, LOG_DIR } from './support/cluster';
import { recordMeasurement } from './support/measurements';
import { jsonInput, jsonToolOutput } from './support/payloads';

Logger.overrideLogger(['error']);

// PostgreSQL (distributed mode's store) when the machine offers one, in a
// schema of this run's own; SQLite in the suite's temp folder otherwise.
const postgresUrl = process.env.HEADROOM_TEST_POSTGRES_URL;
const schema = `cluster_e2e_${process.pid}_${randomBytes(2).toString('hex')}`;
const sqlitePath = join(LOG_DIR, `ccr-${process.pid}.db`);
const databaseUrl = postgresUrl
  ? `${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}schema=${schema}`
  : `file:${sqlitePath}`;

function chatBody(toolOutput: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a helpful operations assistant.' },
        { role: 'user', content: 'List the services.' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'list_requests', arguments: '{}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: toolOutput },
        { role: 'user', content: 'Which requests failed and why?' },
      ],
    }),
  );
}

describe('CCR service and the pipeline over the transport', () => {
  let cluster: Cluster;
  let port: RemoteCompressorPort;
  let store: RemoteOriginalStore;

  beforeAll(async () => {
    cluster = await Cluster.start();
    await Promise.all([
      cluster.startWorker('ccr', 'ccr-1', { HEADROOM_DATABASE_URL: databaseUrl }),
      cluster.startWorker('json', 'json-1'),
      cluster.startWorker('squash', 'squash-1'),
    ]);
    port = createRemoteCompressorPort({ redisUrl: cluster.redisUrl, timeoutMs: 20_000 });
    store = new RemoteOriginalStore({ redisUrl: cluster.redisUrl, timeoutMs: 20_000 });
  });

  afterAll(async () => {
    await port.close();
    await store.close();
    await cluster.stop();
    if (postgresUrl) {
      const client = new Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    } else {
      rmSync(sqlitePath, { force: true });
      rmSync(`${sqlitePath}-wal`, { force: true });
      rmSync(`${sqlitePath}-shm`, { force: true });
    }
  });

  it('saves and finds originals in the CCR service, scoped by tenant, through the read-through cache', async () => {
    const content = jsonToolOutput(4 * 1024);
    const key = ccrKey(content);
    const cached = new RedisCachedOriginalStore(store, { redis: cluster.redisUrl });

    try {
      await cached.save([{ key, content, kind: 'json', compressor: 'json' }], { tenant: 'acme' });

      const first = await cached.lookup('acme', key);
      const again = await cached.lookup('acme', key);
      const stranger = await cached.lookup('globex', key);

      expect(first.status === 'found' && first.original.content).toBe(content);
      expect(again.status === 'found' && again.original.content).toBe(content);
      expect(stranger.status).toBe('missing');
    } finally {
      await cached.close();
    }
  });

  it('round-trips a 10 MB tool output: compression and its original', async () => {
    const text = jsonToolOutput(10 * 1024 * 1024);
    const started = Date.now();

    const outcome = await port.compress(jsonInput(text));
    const compressedMs = Date.now() - started;

    expect(outcome.status).toBe('compressed');
    if (outcome.status !== 'compressed') return;
    expect(outcome.originals.length).toBeGreaterThan(0);
    await store.save(outcome.originals, { tenant: 'acme', requestId: 'req-10mb' });
    const biggest = [...outcome.originals].sort((a, b) => b.content.length - a.content.length)[0];
    const found = await store.lookup('acme', biggest.key);

    expect(found.status === 'found' && found.original.content).toBe(biggest.content);
    recordMeasurement('payload-10mb', {
      bytes: text.length,
      compressedBytes: outcome.text.length,
      compressMs: compressedMs,
      totalMs: Date.now() - started,
      largestOriginalBytes: biggest.content.length,
    });
  });

  it('runs the same pipeline as embedded mode and produces the same bytes', async () => {
    const body = chatBody(jsonToolOutput(60 * 1024, 7));
    const request = {
      format: 'openai-chat' as const,
      body,
      tenant: 'acme',
      mode: 'default' as const,
    };
    const distributed = new RequestPipeline({ detector: routerDetector, compressors: port, store });
    const embedded = createEmbeddedPipeline({ store: new InMemoryOriginalStore() });

    const remote = await distributed.run({ ...request, requestId: 'req-distributed' });
    const local = await embedded.run({ ...request, requestId: 'req-embedded' });

    expect(remote.failures).toEqual([]);
    expect(remote.changed).toBe(true);
    expect(remote.body.equals(local.body)).toBe(true);
    // Durable before visible: every key named upstream is already in the CCR service.
    expect(remote.ccrKeys.length).toBeGreaterThan(0);
    for (const key of remote.ccrKeys) {
      expect((await store.lookup('acme', key)).status).toBe('found');
    }
  });

  it('goes through uncompressed, counted, while Redis is down, and compresses again after', async () => {
    const failures: string[] = [];
    const outagePort = createRemoteCompressorPort({ redisUrl: cluster.redisUrl, timeoutMs: 1_000 });
    const pipeline = new RequestPipeline({
      detector: routerDetector,
      compressors: outagePort,
      store,
      onFailure: (failure) => failures.push(failure.reason),
    });
    const body = chatBody(jsonToolOutput(60 * 1024, 11));
    const request = {
      format: 'openai-chat' as const,
      body,
      tenant: 'acme',
      mode: 'default' as const,
    };

    await cluster.stopRedis();
    const started = Date.now();
    const during = await pipeline.run({ ...request, requestId: 'req-outage' });
    const outageMs = Date.now() - started;

    expect(during.changed).toBe(false);
    expect(during.body.equals(body)).toBe(true);
    expect(during.failures.length).toBeGreaterThan(0);
    expect(outageMs).toBeLessThan(1_500);

    // A new conversation: the one that went out uncompressed stays that way
    // on later turns, so the provider's prompt cache keeps its prefix.
    await cluster.restartRedis();
    const fresh = (attempt: number) => ({
      ...request,
      body: chatBody(jsonToolOutput(60 * 1024, 100 + attempt)),
      requestId: `req-after-${attempt}`,
    });
    let after = await pipeline.run(fresh(0));
    for (let attempt = 1; !after.changed && attempt < 50; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = await pipeline.run(fresh(attempt));
    }

    await outagePort.close();
    expect(after.failures).toEqual([]);
    expect(after.changed).toBe(true);
    recordMeasurement('pipeline-redis-outage', { outageMs, failures: failures.length });
  });
});
