import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CompressionPipeline } from '@headroom/pipeline';
import { FakeUpstream } from '@headroom/testing';
// The e2e suite drives the real gateway in-process on a free port, so it can
// hand in test pipelines (failing, slow) that no environment variable could.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  loadGatewayConfig,
  ReadinessService,
  ResponseHookRegistry,
  type RunningGateway,
  startGateway,
} from '../../../gateway/src';

// The CCR store (RetrieveModule) reads HEADROOM_DATABASE_URL from the process
// environment; give each test process its own SQLite file so the suite never
// touches a developer's ./.headroom database.
if (!process.env['HEADROOM_DATABASE_URL']) {
  const directory = mkdtempSync(join(tmpdir(), 'headroom-e2e-'));
  process.env['HEADROOM_DATABASE_URL'] = `file:${join(directory, 'headroom.db')}`;
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
}

export type Harness = {
  upstream: FakeUpstream;
  /** The Anthropic upstream: the same fake unless `separateAnthropic` was asked for. */
  anthropic: FakeUpstream;
  gateway: RunningGateway;
  url: string;
  logs: string[];
  close(): Promise<void>;
};

export type HarnessOptions = {
  env?: Record<string, string>;
  pipeline?: CompressionPipeline;
  /** Point the OpenAI upstream here instead of the fake (e.g. a closed port). */
  openaiUrl?: string;
  /** Give Anthropic its own fake upstream, to see which provider a request went to. */
  separateAnthropic?: boolean;
};

/** A fake upstream plus a gateway forwarding both providers to it, on free 127.0.0.1 ports. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const upstream = await FakeUpstream.start();
  const anthropic = options.separateAnthropic ? await FakeUpstream.start() : upstream;
  const logs: string[] = [];
  const config = loadGatewayConfig({
    HEADROOM_PORT: '0',
    HEADROOM_HOST: '127.0.0.1',
    HEADROOM_OPENAI_URL: options.openaiUrl ?? upstream.url,
    HEADROOM_ANTHROPIC_URL: anthropic.url,
    HEADROOM_LOG_LEVEL: 'debug',
    HEADROOM_SHUTDOWN_GRACE_MS: '500',
    ...options.env,
  });
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const gateway = await startGateway({ config, pipeline: options.pipeline, logDestination });

  return {
    upstream,
    anthropic,
    gateway,
    url: gateway.url,
    logs,
    async close() {
      await gateway.shutdown();
      await upstream.close();
      if (anthropic !== upstream) {
        await anthropic.close();
      }
    },
  };
}

export { ReadinessService, ResponseHookRegistry };

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A 127.0.0.1 port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  return port;
}
