import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ManagedOriginalStore } from '@headroom/ccr';
import { ccrKey, ORIGINAL_STORE, type OriginalRecord } from '@headroom/contracts';
import { HeadroomClient } from 'headroom-ai';
import { createGatewayApp } from '../gateway.bootstrap';
import { loadGatewayConfig } from '../config/gateway-config.schema';
import { RetrieveController } from './retrieve.controller';

const CCR_VARIABLES = ['HEADROOM_DATABASE_URL', 'HEADROOM_CCR_TTL'] as const;

function rows(count: number): string {
  return JSON.stringify(
    Array.from({ length: count }, (_, id) =>
      id === 137
        ? {
            id,
            sku: `SKU-${String(id).padStart(4, '0')}`,
            status: 'error',
            note: 'disk quota exceeded',
          }
        : { id, sku: `SKU-${String(id).padStart(4, '0')}`, status: 'ok' },
    ),
  );
}

function record(content: string): OriginalRecord {
  return {
    key: ccrKey(content),
    content,
    kind: 'json',
    compressor: 'json',
    itemCount: 300,
    keptCount: 20,
  };
}

type Gateway = { app: NestFastifyApplication; url: string; store: ManagedOriginalStore };

describe(RetrieveController.name, () => {
  let directory: string;
  const running: Gateway[] = [];
  const saved = Object.fromEntries(CCR_VARIABLES.map((name) => [name, process.env[name]]));

  async function start(env: Record<string, string> = {}): Promise<Gateway> {
    process.env['HEADROOM_DATABASE_URL'] = `file:${join(directory, 'ccr.db')}`;
    process.env['HEADROOM_CCR_TTL'] = env['HEADROOM_CCR_TTL'] ?? '1h';
    const app = await createGatewayApp({
      config: loadGatewayConfig({ HEADROOM_LOG_LEVEL: 'silent', ...env }),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address() as { port: number };
    const gateway = {
      app,
      url: `http://127.0.0.1:${address.port}`,
      store: app.get(ORIGINAL_STORE),
    };
    running.push(gateway);

    return gateway;
  }

  async function stop(gateway: Gateway): Promise<void> {
    running.splice(running.indexOf(gateway), 1);
    await gateway.app.close();
  }

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'headroom-retrieve-'));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((gateway) => gateway.app.close()));
    rmSync(directory, { recursive: true, force: true });
    for (const name of CCR_VARIABLES) {
      if (saved[name] === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = saved[name];
      }
    }
  });

  describe('POST /v1/retrieve', () => {
    it('returns the original byte for byte in the shape the headroom-ai SDK reads', async () => {
      const gateway = await start();
      const original = record(rows(300));
      await gateway.store.save([original], {
        tenant: 'default',
        toolName: 'list_rows',
        tokensBefore: 4200,
      });
      const client = new HeadroomClient({ baseUrl: gateway.url, retries: 0 });

      const result = await client.retrieve(original.key);

      expect(result).toEqual({
        hash: original.key,
        originalContent: original.content,
        originalTokens: 4200,
        originalItemCount: 300,
        compressedItemCount: 20,
        toolName: 'list_rows',
        retrievalCount: 1,
      });
    });

    it('searches inside the original when a query is given', async () => {
      const gateway = await start();
      const original = record(rows(300));
      await gateway.store.save([original], { tenant: 'default' });
      const client = new HeadroomClient({ baseUrl: gateway.url, retries: 0 });

      const result = await client.retrieve(original.key, { query: 'disk quota' });

      expect(result).toEqual({
        hash: original.key,
        query: 'disk quota',
        results: ['{"id":137,"sku":"SKU-0137","status":"error","note":"disk quota exceeded"}'],
        count: 1,
      });
    });

    it('answers 404 in the envelope for an unknown key and 400 for a malformed one', async () => {
      const gateway = await start();

      const unknown = await fetch(`${gateway.url}/v1/retrieve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hash: ccrKey('never stored') }),
      });
      const malformed = await fetch(`${gateway.url}/v1/retrieve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hash: 'not-a-hash' }),
      });

      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { type: 'not_found_error' } });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    });

    it('answers 410 expired_error naming the TTL once an original outlived HEADROOM_CCR_TTL', async () => {
      const gateway = await start({ HEADROOM_CCR_TTL: '1s' });
      const original = record('short-lived');
      await gateway.store.save([original], { tenant: 'default' });
      await new Promise((resolve) => setTimeout(resolve, 1100));

      const response = await fetch(`${gateway.url}/v1/retrieve/${original.key}`);
      const body = (await response.json()) as { error: { type: string; message: string } };

      expect(response.status).toBe(410);
      expect(body.error.type).toBe('expired_error');
      expect(body.error.message).toMatch(/1s \(1 s, HEADROOM_CCR_TTL\)/);
    });
  });

  describe('POST /v1/retrieve/tool_call', () => {
    it("answers the SDK's handleToolCall in the caller's provider shape, a miss included", async () => {
      const gateway = await start();
      const original = record(rows(300));
      await gateway.store.save([original], { tenant: 'default' });
      const client = new HeadroomClient({ baseUrl: gateway.url, retries: 0 });

      const openai = await client.handleToolCall({
        provider: 'openai',
        toolCall: {
          id: 'call_1',
          type: 'function',
          function: {
            name: 'headroom_retrieve',
            arguments: JSON.stringify({ hash: original.key }),
          },
        },
      });
      const anthropicMiss = await client.handleToolCall({
        provider: 'anthropic',
        toolCall: {
          type: 'tool_use',
          id: 'toolu_1',
          name: 'headroom_retrieve',
          input: { hash: ccrKey('never stored') },
        },
      });

      expect(openai).toMatchObject({
        success: true,
        content: original.content,
        message: { role: 'tool', toolCallId: 'call_1', content: original.content },
      });
      expect(anthropicMiss).toMatchObject({
        success: false,
        message: { type: 'tool_result', toolUseId: 'toolu_1', isError: true },
      });
      expect(anthropicMiss.content).toMatch(
        /no original with hash .*Do not call headroom_retrieve/,
      );
    });
  });

  describe('GET /v1/retrieve/:hash', () => {
    it('still finds an original after the gateway restarts on the same database (BL-08)', async () => {
      const first = await start();
      const original = record(rows(300));
      await first.store.save([original], { tenant: 'default' });
      await stop(first);

      const second = await start();
      const response = await fetch(`${second.url}/v1/retrieve/${original.key}`);

      expect(response.status).toBe(200);
      expect(((await response.json()) as { original_content: string }).original_content).toBe(
        original.content,
      );
    });
  });

  describe('GET /v1/retrieve/stats', () => {
    it("reports the caller's tenant only", async () => {
      const gateway = await start({ HEADROOM_API_KEYS: 'key-a:alpha,key-b:beta' });
      const original = record(rows(10));
      await gateway.store.save([original], { tenant: 'alpha', tokensBefore: 90, tokensAfter: 9 });
      await gateway.store.lookup('alpha', original.key);
      const alpha = new HeadroomClient({ baseUrl: gateway.url, apiKey: 'key-a', retries: 0 });
      const beta = new HeadroomClient({ baseUrl: gateway.url, apiKey: 'key-b', retries: 0 });

      const alphaStats = await alpha.getCCRStats();
      const betaStats = await beta.getCCRStats();

      expect(alphaStats.store).toMatchObject({
        entries: 1,
        originalTokensCached: 90,
        retrievals: 1,
      });
      expect(alphaStats.recentRetrievals[0]).toMatchObject({ hash: original.key });
      expect(betaStats.store).toMatchObject({ entries: 0, retrievals: 0 });
    });
  });

  describe('tenancy', () => {
    it("refuses another tenant's key with the right hash, and a missing key", async () => {
      const gateway = await start({ HEADROOM_API_KEYS: 'key-a:alpha,key-b:beta' });
      const original = record('alpha secret');
      await gateway.store.save([original], { tenant: 'alpha' });
      const get = (headers: Record<string, string>) =>
        fetch(`${gateway.url}/v1/retrieve/${original.key}`, { headers });

      const own = await get({ 'x-headroom-key': 'key-a' });
      const foreign = await get({ 'x-headroom-key': 'key-b' });
      const anonymous = await get({});

      expect(own.status).toBe(200);
      expect(foreign.status).toBe(404);
      expect(JSON.stringify(await foreign.json())).not.toContain('alpha secret');
      expect(anonymous.status).toBe(401);
    });

    it('answers only loopback callers, and no browser page, when no keys are configured', async () => {
      const gateway = await start();
      const original = record('loopback only');
      await gateway.store.save([original], { tenant: 'default' });
      const fastify = gateway.app.getHttpAdapter().getInstance();

      const remote = await fastify.inject({
        method: 'GET',
        url: `/v1/retrieve/${original.key}`,
        remoteAddress: '10.0.0.5',
      });
      const browser = await fastify.inject({
        method: 'GET',
        url: `/v1/retrieve/${original.key}`,
        remoteAddress: '127.0.0.1',
        headers: { origin: 'https://evil.example' },
      });
      const local = await fastify.inject({
        method: 'GET',
        url: `/v1/retrieve/${original.key}`,
        remoteAddress: '127.0.0.1',
      });

      expect(remote.statusCode).toBe(403);
      expect(browser.statusCode).toBe(403);
      expect(browser.headers['access-control-allow-origin']).toBeUndefined();
      expect(browser.body).not.toContain('loopback only');
      expect(local.statusCode).toBe(200);
    });
  });
});
