import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompressionPipeline } from '@headroom/pipeline';
import { FakeUpstream } from '@headroom/testing';
// The suite drives the real gateway in-process on a free port, like gateway-e2e.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { loadGatewayConfig, type RunningGateway, startGateway } from '../../../gateway/src';

export type ObservabilityHarness = {
  upstream: FakeUpstream;
  gateway: RunningGateway;
  url: string;
  /** The SQLite file the gateway's CCR store and usage table live in. */
  databasePath: string;
  databaseUrl: string;
  close(): Promise<void>;
};

/**
 * A fake upstream and a gateway with its own fresh SQLite database. The CCR
 * store and the usage writer read HEADROOM_DATABASE_URL from the process
 * environment, so it is set for the gateway's lifetime and restored after.
 */
export async function startObservabilityHarness(
  env: Record<string, string> = {},
  pipeline?: CompressionPipeline,
): Promise<ObservabilityHarness> {
  const directory = mkdtempSync(join(tmpdir(), 'headroom-observability-'));
  const databasePath = join(directory, 'headroom.db');
  const databaseUrl = `file:${databasePath}`;
  const previous = process.env.HEADROOM_DATABASE_URL;
  process.env.HEADROOM_DATABASE_URL = databaseUrl;

  const upstream = await FakeUpstream.start();
  const config = loadGatewayConfig({
    HEADROOM_PORT: '0',
    HEADROOM_HOST: '127.0.0.1',
    HEADROOM_OPENAI_URL: upstream.url,
    HEADROOM_ANTHROPIC_URL: upstream.url,
    HEADROOM_LOG_LEVEL: 'warn',
    HEADROOM_SHUTDOWN_GRACE_MS: '500',
    ...env,
  });
  const gateway = await startGateway({ config, pipeline });

  return {
    upstream,
    gateway,
    url: gateway.url,
    databasePath,
    databaseUrl,
    async close() {
      await gateway.shutdown();
      await upstream.close();
      if (previous === undefined) delete process.env.HEADROOM_DATABASE_URL;
      else process.env.HEADROOM_DATABASE_URL = previous;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** POSTs a provider body the way a client would; resolves to the status. */
export async function sendProviderRequest(
  baseUrl: string,
  format: 'anthropic-messages' | 'openai-chat' | 'openai-responses',
  body: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const path = {
    'anthropic-messages': '/v1/messages',
    'openai-chat': '/v1/chat/completions',
    'openai-responses': '/v1/responses',
  }[format];
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(format === 'anthropic-messages'
        ? { 'x-api-key': 'test-key', 'anthropic-version': '2023-06-01' }
        : { authorization: 'Bearer test-key' }),
      ...headers,
    },
    body,
  });
  await response.arrayBuffer();

  return response.status;
}

export async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);

  return (await response.json()) as T;
}

export async function getText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);

  return response.text();
}
