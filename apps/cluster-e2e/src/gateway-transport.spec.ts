import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { TRANSPORT_KEYS, parseMarkers } from '@headroom/contracts';
import { FakeUpstream } from '@headroom/testing';
import { createRedisConnection, whenReady } from '@headroom/transport';
import { Logger } from '@nestjs/common';
// The gateway as `main.ts` builds it, in-process, with only its environment
// choosing the Redis transport.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { type RunningGateway, loadGatewayConfig, startGateway } from '../../gateway/src';
import { Cluster } from './support/cluster';
import { jsonToolOutput } from './support/payloads';

Logger.overrideLogger(['error']);

describe('HEADROOM_TRANSPORT=redis', () => {
  let cluster: Cluster;
  let upstream: FakeUpstream;
  let gateway: RunningGateway;
  let replica: RunningGateway;
  const directory = mkdtempSync(join(tmpdir(), 'headroom-transport-'));
  const previousDatabase = process.env['HEADROOM_DATABASE_URL'];

  beforeAll(async () => {
    cluster = await Cluster.start();
    await cluster.startWorker('json', 'json-switch');
    upstream = await FakeUpstream.start();
    // The gateway's own store: in a real cluster, the PostgreSQL every replica shares.
    process.env['HEADROOM_DATABASE_URL'] = `file:${join(directory, 'gateway.db')}`;
    const start = () =>
      startGateway({
        config: loadGatewayConfig({
          HEADROOM_PORT: '0',
          HEADROOM_OPENAI_URL: upstream.url,
          HEADROOM_ANTHROPIC_URL: upstream.url,
          HEADROOM_TRANSPORT: 'redis',
          HEADROOM_REDIS_URL: cluster.redisUrl,
          HEADROOM_COMPRESSION_TIMEOUT_MS: '3000',
          HEADROOM_SHUTDOWN_GRACE_MS: '200',
        }),
        logDestination: new Writable({ write: (_chunk, _encoding, callback) => callback() }),
      });
    gateway = await start();
    replica = await start();
  });

  afterAll(async () => {
    await gateway.shutdown();
    await replica.shutdown();
    await upstream.close();
    await cluster.stop();
    if (previousDatabase === undefined) delete process.env['HEADROOM_DATABASE_URL'];
    else process.env['HEADROOM_DATABASE_URL'] = previousDatabase;
    rmSync(directory, { recursive: true, force: true });
  });

  it('compresses through the worker apps and reports them on /readyz', async () => {
    const output = jsonToolOutput(60 * 1024, 7);
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'user', content: 'Which requests failed?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'c1', type: 'function', function: { name: 'list', arguments: '{}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'c1', content: output },
        ],
      }),
    });
    await response.text();

    const forwarded = upstream.requests.at(-1)?.body.toString('utf8') ?? '';
    expect(response.status).toBe(200);
    expect(forwarded.length).toBeLessThan(output.length);
    const key = parseMarkers(forwarded.replace(/\\"/g, '"'))[0]?.key;
    expect(key).toBeDefined();
    const retrieved = await fetch(`${gateway.url}/v1/retrieve/${key}`);
    expect(((await retrieved.json()) as { original_content: string }).original_content).toBe(
      output,
    );
    // The lookup went through the Redis read-through cache every replica shares.
    const cache = createRedisConnection({ url: cluster.redisUrl, name: 'test-ccr-cache' });
    await whenReady(cache, 2_000);
    const cachedOriginal = await cache.get(TRANSPORT_KEYS.original('default', String(key)));
    cache.disconnect();
    expect(cachedOriginal).toContain(String(key));

    const ready = (await (await fetch(`${gateway.url}/readyz`)).json()) as {
      workers: { family: string; status: string }[];
    };
    expect(ready.workers.find((worker) => worker.family === 'json')?.status).toBe('up');
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as { mode: string };
    expect(health.mode).toBe('distributed');
  });

  it('gives the same block the same bytes on every replica, whatever the question', async () => {
    const output = jsonToolOutput(40 * 1024, 11);
    const ask = async (url: string, question: string, key: string) => {
      await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({
          model: 'gpt-4o-mini',
          messages: [
            { role: 'user', content: question },
            {
              role: 'assistant',
              content: null,
              tool_calls: [
                { id: 'c1', type: 'function', function: { name: 'list', arguments: '{}' } },
              ],
            },
            { role: 'tool', tool_call_id: 'c1', content: output },
          ],
        }),
      }).then((response) => response.text());
      const sent = JSON.parse(upstream.requests.at(-1)?.body.toString('utf8') ?? '{}') as {
        messages: { content: string }[];
      };
      return sent.messages[2].content;
    };

    const first = await ask(gateway.url, 'Which requests were slow?', 'sk-one');
    const second = await ask(replica.url, 'Count the failures by region.', 'sk-two');

    expect(first.length).toBeLessThan(output.length);
    expect(second).toBe(first);
    // The outcome lives in Redis, where every replica finds it.
    const redis = createRedisConnection({ url: cluster.redisUrl, name: 'test-inspect' });
    await whenReady(redis, 2_000);
    const cached = await redis.keys(TRANSPORT_KEYS.compression('*'));
    redis.disconnect();
    expect(cached.length).toBeGreaterThan(0);
  });
});
