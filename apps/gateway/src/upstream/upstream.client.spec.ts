import { HeadroomError } from '@headroom/contracts';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { loadGatewayConfig } from '../config/gateway-config.schema';
import { GatewayConfigService } from '../config/gateway-config.service';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { UpstreamClient } from './upstream.client';
import type { UpstreamRequest } from './upstream.types';

type Received = { method: string; url: string; body: Buffer };
type Behaviour = 'answer' | 'reset-after-reading';
type Close = 'reset' | 'fin';

/**
 * A node:http upstream on 127.0.0.1 that announces a 10-minute keep-alive, so
 * the gateway reuses its connections, and can close one at the exact moment
 * the gateway writes the next request on it: undici publishes
 * `undici:client:sendHeaders` synchronously just before the write, and the
 * server's socket is closed right there, so the close reaches the gateway's
 * kernel before its write call does.
 */
class IdleClosingUpstream {
  readonly received: Received[] = [];
  readonly behaviours: Behaviour[] = [];
  connections = 0;
  private readonly sockets = new Set<Socket>();
  private armed: Close | undefined;
  private readonly hook = (message: unknown): void => this.onSendHeaders(message);

  private constructor(private readonly server: Server) {}

  static async start(): Promise<IdleClosingUpstream> {
    const server = createServer();
    const upstream = new IdleClosingUpstream(server);
    server.keepAliveTimeout = 600_000;
    server.on('connection', (socket: Socket) => {
      upstream.connections += 1;
      upstream.sockets.add(socket);
      socket.on('close', () => upstream.sockets.delete(socket));
    });
    server.on('request', (request, response) => upstream.handle(request, response));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    subscribe('undici:client:sendHeaders', upstream.hook);

    return upstream;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Closes the connection the next request is written on: RST, or a plain FIN. */
  closeAtNextWrite(close: Close): void {
    this.armed = close;
  }

  async close(): Promise<void> {
    unsubscribe('undici:client:sendHeaders', this.hook);
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onSendHeaders(message: unknown): void {
    const { socket } = message as { socket: Socket };
    const close = this.armed;
    const port = (this.server.address() as AddressInfo).port;
    if (!close || socket.remotePort !== port) {
      return;
    }

    this.armed = undefined;
    const serverSide = [...this.sockets].find((each) => each.remotePort === socket.localPort);
    if (close === 'reset') {
      serverSide?.resetAndDestroy();
    } else {
      serverSide?.destroy();
    }
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        body: Buffer.concat(chunks),
      });
      if (this.behaviours.shift() === 'reset-after-reading') {
        request.socket.resetAndDestroy();
        return;
      }

      response.setHeader('content-type', 'application/json');
      response.end(`{"answer":${this.received.length}}`);
    });
  }
}

function clientFor(url: string): { client: UpstreamClient; metrics: GatewayMetrics } {
  const config = new GatewayConfigService(
    loadGatewayConfig({ HEADROOM_OPENAI_URL: url, HEADROOM_ANTHROPIC_URL: url }),
  );
  const metrics = new GatewayMetrics();

  return { client: new UpstreamClient(config, metrics), metrics };
}

function upstreamRequest(overrides: Partial<UpstreamRequest> = {}): UpstreamRequest {
  return {
    provider: 'openai',
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from('{"model":"m","messages":[]}'),
    signal: new AbortController().signal,
    requestId: 'req_test',
    ...overrides,
  };
}

async function answer(client: UpstreamClient, request: UpstreamRequest): Promise<string> {
  const response = await client.send(request);
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) {
    chunks.push(chunk as Buffer);
  }

  // undici hands a connection back to its pool one loop turn after the
  // response ends; the next request should find this one idle, not busy.
  await new Promise((resolve) => setTimeout(resolve, 5));

  return `${response.status} ${Buffer.concat(chunks).toString('utf8')}`;
}

async function counted(
  metric: GatewayMetrics['upstreamReplays'] | GatewayMetrics['upstreamFailures'],
): Promise<Record<string, number>> {
  const { values } = await metric.get();

  return Object.fromEntries(
    values.map(({ labels, value }) => [`${labels.provider}/${labels.reason}`, value]),
  );
}

async function upstreamError(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );

  return error instanceof HeadroomError ? error.code : `not a HeadroomError: ${String(error)}`;
}

// Bytes a re-encoder would change: odd spacing, escapes, a non-ASCII character.
const ODD_BODY = Buffer.from(
  '{ "model" :"m",\n "messages":[{"role":"user","content":"caf\\u00e9 \u00e9\\n"}] }',
);

describe(UpstreamClient.name, () => {
  let upstream: IdleClosingUpstream;
  let client: UpstreamClient;
  let metrics: GatewayMetrics;

  beforeEach(async () => {
    upstream = await IdleClosingUpstream.start();
    ({ client, metrics } = clientFor(upstream.url));
  });

  afterEach(async () => {
    await client.onApplicationShutdown();
    await upstream.close();
  });

  describe('send', () => {
    it('replays a POST once when the upstream resets the idle connection as it is written', async () => {
      expect(await answer(client, upstreamRequest())).toBe('200 {"answer":1}');

      upstream.closeAtNextWrite('reset');
      expect(await answer(client, upstreamRequest({ body: ODD_BODY }))).toBe('200 {"answer":2}');

      expect(upstream.connections).toBe(2);
      expect(upstream.received).toHaveLength(2);
      expect(upstream.received[1].body.equals(ODD_BODY)).toBe(true);
      expect(await counted(metrics.upstreamReplays)).toEqual({ 'openai/write_failed': 1 });
      expect(await counted(metrics.upstreamFailures)).toEqual({});
    });

    it('replays a body still being written when a plain close arrives', async () => {
      const large = Buffer.concat([ODD_BODY, Buffer.alloc(16 * 1024 * 1024, 0x20)]);
      await answer(client, upstreamRequest());

      upstream.closeAtNextWrite('fin');
      expect(await answer(client, upstreamRequest({ body: large }))).toBe('200 {"answer":2}');

      expect(upstream.received).toHaveLength(2);
      expect(upstream.received[1].body.equals(large)).toBe(true);
      expect(await counted(metrics.upstreamReplays)).toEqual({ 'openai/write_failed': 1 });
    });

    it('replays a GET whose bytes had all left when the close arrived', async () => {
      const models = upstreamRequest({ method: 'GET', path: '/v1/models', body: undefined });
      await answer(client, models);

      upstream.closeAtNextWrite('fin');
      expect(await answer(client, models)).toBe('200 {"answer":2}');

      expect(upstream.received.map(({ method }) => method)).toEqual(['GET', 'GET']);
      expect(await counted(metrics.upstreamReplays)).toEqual({ 'openai/safe_method': 1 });
    });

    it('answers 502 rather than replay a POST whose bytes had all left, even if the upstream had closed first', async () => {
      // The cost of the rule: the upstream never read this request, but from
      // the gateway it looks exactly like the mid-request reset below.
      await answer(client, upstreamRequest());

      upstream.closeAtNextWrite('fin');
      expect(await upstreamError(client.send(upstreamRequest()))).toBe('upstream_error');

      expect(upstream.received).toHaveLength(1);
      expect(await counted(metrics.upstreamReplays)).toEqual({});
    });

    it('never replays a POST the upstream reset after reading it', async () => {
      await answer(client, upstreamRequest());

      upstream.behaviours.push('reset-after-reading');
      expect(await upstreamError(client.send(upstreamRequest({ body: ODD_BODY })))).toBe(
        'upstream_error',
      );

      expect(upstream.connections).toBe(1);
      expect(upstream.received).toHaveLength(2);
      expect(upstream.received[1].body.equals(ODD_BODY)).toBe(true);
      expect(await counted(metrics.upstreamReplays)).toEqual({});
      expect(await counted(metrics.upstreamFailures)).toEqual({ 'openai/ECONNRESET': 1 });
    });

    it('never replays a GET the upstream reset after reading it on a fresh connection', async () => {
      upstream.behaviours.push('reset-after-reading');
      const models = upstreamRequest({ method: 'GET', path: '/v1/models', body: undefined });

      expect(await upstreamError(client.send(models))).toBe('upstream_error');

      expect(upstream.received).toHaveLength(1);
      expect(await counted(metrics.upstreamReplays)).toEqual({});
    });

    it('never replays on a fresh connection, even when nothing was sent', async () => {
      upstream.closeAtNextWrite('reset');

      expect(await upstreamError(client.send(upstreamRequest()))).toBe('upstream_error');

      expect(upstream.received).toHaveLength(0);
      expect(await counted(metrics.upstreamReplays)).toEqual({});
    });

    it('never replays for a client that has gone away', async () => {
      await answer(client, upstreamRequest());
      const controller = new AbortController();
      const onWrite = (): void => controller.abort();
      subscribe('undici:client:sendHeaders', onWrite);

      upstream.closeAtNextWrite('reset');
      try {
        await expect(client.send(upstreamRequest({ signal: controller.signal }))).rejects.toThrow();
      } finally {
        unsubscribe('undici:client:sendHeaders', onWrite);
      }

      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(upstream.received).toHaveLength(1);
      expect(await counted(metrics.upstreamReplays)).toEqual({});
    });
  });
});
