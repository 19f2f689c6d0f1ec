import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { RequestPipeline, routerDetector } from '@headroom/pipeline';
import { FakeUpstream } from '@headroom/testing';
import { type DistributedMode, createDistributedMode } from '@headroom/transport';
import { Logger } from '@nestjs/common';
// The gateway is driven in-process, as gateway-e2e does, so its pipeline can
// be the distributed one before HEADROOM_TRANSPORT=redis is wired in main.ts.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { type RunningGateway, loadGatewayConfig, startGateway } from '../../gateway/src';
import { Cluster, LOG_DIR } from './support/cluster';
import { jsonToolOutput } from './support/payloads';

Logger.overrideLogger(['error']);

function chatBody(seed: number): string {
  return JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [
      // A conversation of its own per seed: the gateway keeps a session's
      // tools and history stable across turns, whatever the outcome.
      { role: 'user', content: `List recent requests of batch ${seed}.` },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'list_requests', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: jsonToolOutput(60 * 1024, seed) },
      { role: 'user', content: 'Which requests failed and why?' },
    ],
  });
}

const database = join(LOG_DIR, `gateway-ccr-${process.pid}.db`);

describe('gateway over the cluster', () => {
  let cluster: Cluster;
  let upstream: FakeUpstream;
  let mode: DistributedMode;
  let gateway: RunningGateway;

  beforeAll(async () => {
    cluster = await Cluster.start();
    await Promise.all([
      cluster.startWorker('json', 'json-1'),
      cluster.startWorker('squash', 'squash-1'),
      cluster.startWorker('ccr', 'ccr-1', {
        HEADROOM_DATABASE_URL: 'file:./tmp/cluster-e2e/gateway-ccr.db',
      }),
    ]);
    upstream = await FakeUpstream.start();
    mode = createDistributedMode({
      redisUrl: cluster.redisUrl,
      compressionTimeoutMs: 1_500,
      storeTimeoutMs: 1_500,
    });
    const config = loadGatewayConfig({
      HEADROOM_PORT: '0',
      HEADROOM_HOST: '127.0.0.1',
      HEADROOM_OPENAI_URL: upstream.url,
      HEADROOM_ANTHROPIC_URL: upstream.url,
      HEADROOM_COMPRESSION_TIMEOUT_MS: '3000',
      HEADROOM_SHUTDOWN_GRACE_MS: '200',
    });
    gateway = await startGateway({
      config,
      pipeline: new RequestPipeline({
        detector: routerDetector,
        compressors: mode.compressors,
        store: mode.store,
      }),
      logDestination: new Writable({ write: (_chunk, _encoding, callback) => callback() }),
    });
  });

  afterAll(async () => {
    await gateway.shutdown();
    await upstream.close();
    await mode.close();
    await cluster.stop();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
  });

  const send = async (body: string) => {
    const started = Date.now();
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body,
    });
    await response.text();

    return {
      status: response.status,
      ms: Date.now() - started,
      forwarded: upstream.requests.at(-1)?.body,
    };
  };

  it('compresses through the workers, answers uncompressed while Redis is down, and compresses again after', async () => {
    const before = await send(chatBody(1));
    expect(before.status).toBe(200);
    expect(before.forwarded?.length).toBeLessThan(Buffer.byteLength(chatBody(1)));

    await cluster.stopRedis();
    const during = await send(chatBody(2));
    expect(during.status).toBe(200);
    // Every message goes upstream as the client sent it (the pipeline may
    // still add its retrieval tool, which it keeps stable per session).
    expect(JSON.parse(String(during.forwarded)).messages).toEqual(JSON.parse(chatBody(2)).messages);
    expect(during.ms).toBeLessThan(3_000);

    await cluster.restartRedis();
    const toolOutput = (body: Buffer | string | undefined) =>
      (JSON.parse(String(body)) as { messages: { content: string }[] }).messages[2].content;
    let after = await send(chatBody(3));
    for (
      let attempt = 4;
      toolOutput(after.forwarded) === toolOutput(chatBody(attempt - 1)) && attempt < 40;
      attempt += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await send(chatBody(attempt));
    }
    expect(after.status).toBe(200);
    expect(toolOutput(after.forwarded).length).toBeLessThan(60 * 1024);
    expect(
      (await mode.checkHealth(2_000)).every(
        (family) => family.family === 'code' || family.family === 'dom' || family.status === 'up',
      ),
    ).toBe(true);
  });
});
