import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { openAIChatCompletion } from '@headroom/testing';
import { type Harness, startHarness } from '../support/gateway-harness';

// An upstream that closes a keep-alive connection the gateway is reusing. When
// the close meets the gateway's write, the request cannot have reached the
// upstream and is sent again, byte for byte; when the upstream had read the
// request and then reset, the client gets 502 and nothing is sent twice.

// Bytes a re-encoder would change: odd spacing, an escape, a non-ASCII character.
const CHAT = '{ "model":"gpt-4o" ,"messages":[{"role":"user","content":"caf\\u00e9 \u00e9"}]}';
const HEADERS = {
  'content-type': 'application/json',
  authorization: 'Bearer sk-test',
  'x-headroom-mode': 'passthrough',
};

type Scripted = 'answer' | 'reset-after-reading';

/** Answers chat completions with a 10-minute keep-alive; records every body it read. */
class ClosingUpstream {
  readonly bodies: Buffer[] = [];
  readonly script: Scripted[] = [];
  connections = 0;
  private readonly sockets = new Set<Socket>();
  private resetAtNextWrite = false;
  // undici publishes this synchronously just before it writes a request, so a
  // reset here reaches the gateway's kernel before the gateway's write call.
  private readonly onSendHeaders = (message: unknown): void => {
    const { socket } = message as { socket: Socket };
    if (!this.resetAtNextWrite || socket.remotePort !== this.port) {
      return;
    }

    this.resetAtNextWrite = false;
    [...this.sockets].find((each) => each.remotePort === socket.localPort)?.resetAndDestroy();
  };

  constructor(private readonly server: Server) {
    server.keepAliveTimeout = 600_000;
    server.on('connection', (socket: Socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.bodies.push(Buffer.concat(chunks));
        if (this.script.shift() === 'reset-after-reading') {
          request.socket.resetAndDestroy();
          return;
        }

        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify(openAIChatCompletion({ text: `answer ${this.bodies.length}` })),
        );
      });
    });
    subscribe('undici:client:sendHeaders', this.onSendHeaders);
  }

  static async start(): Promise<ClosingUpstream> {
    const upstream = new ClosingUpstream(createServer());
    upstream.server.listen(0, '127.0.0.1');
    await once(upstream.server, 'listening');

    return upstream;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  resetNextWrite(): void {
    this.resetAtNextWrite = true;
  }

  async close(): Promise<void> {
    unsubscribe('undici:client:sendHeaders', this.onSendHeaders);
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('hardening: upstream idle close', () => {
  let upstream: ClosingUpstream;
  let harness: Harness;

  beforeEach(async () => {
    upstream = await ClosingUpstream.start();
    harness = await startHarness({ openaiUrl: `http://127.0.0.1:${upstream.port}` });
  });

  afterEach(async () => {
    await harness.close();
    await upstream.close();
  });

  const chat = () =>
    fetch(`${harness.url}/v1/chat/completions`, { method: 'POST', headers: HEADERS, body: CHAT });

  const replays = async (): Promise<string[]> => {
    const text = await (await fetch(`${harness.url}/metrics`)).text();

    return text.split('\n').filter((row) => row.startsWith('headroom_upstream_replays_total{'));
  };

  it('answers a request whose idle connection was reset as it was written, sent upstream once with the client bytes', async () => {
    expect((await chat()).status).toBe(200);

    upstream.resetNextWrite();
    const response = await chat();

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(openAIChatCompletion({ text: 'answer 2' }));
    expect(upstream.bodies.map((body) => body.toString('utf8'))).toEqual([CHAT, CHAT]);
    expect(await replays()).toEqual([
      'headroom_upstream_replays_total{provider="openai",reason="write_failed"} 1',
    ]);
  });

  it('answers 502 upstream_error and sends nothing twice when the upstream resets after reading', async () => {
    expect((await chat()).status).toBe(200);

    upstream.script.push('reset-after-reading');
    const response = await chat();
    const envelope = (await response.json()) as {
      error: { type: string; message: string; request_id: string };
    };

    expect(response.status).toBe(502);
    expect(envelope.error.type).toBe('upstream_error');
    expect(envelope.error.request_id).toBe(response.headers.get('x-request-id'));
    expect(upstream.connections).toBe(1);
    expect(upstream.bodies).toHaveLength(2);
    expect(await replays()).toEqual([]);
  });
});
