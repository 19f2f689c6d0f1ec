import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RecordedRequest, ScriptedReply, SseReply } from './fake-upstream.types';
import {
  anthropicMessage,
  anthropicStream,
  formatSseEvent,
  openAIChatCompletion,
  openAIChatStream,
  openAIResponse,
  openAIResponsesStream,
} from './provider-shapes';

export type FakeUpstreamOptions = {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Keep only the newest N records (long-running local trials, benchmarks). */
  maxRecorded?: number;
  /** How long an idle keep-alive connection stays open; 5 s (Node's default) unless set. */
  keepAliveTimeoutMs?: number;
};

/**
 * A scripted stand-in for OpenAI and Anthropic on 127.0.0.1. Each request takes
 * the next reply from the queue (or a default shaped by its path) and is
 * recorded with its raw bytes, so tests can assert on exactly what arrived.
 */
export class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: ScriptedReply[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    private readonly maxRecorded: number,
  ) {}

  static async start(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
    const server = createServer();
    const upstream = new FakeUpstream(server, options.maxRecorded ?? Number.POSITIVE_INFINITY);

    server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5_000;
    server.on('request', (request, response) => upstream.handle(request, response));
    server.on('connection', (socket) => {
      upstream.sockets.add(socket);
      socket.on('close', () => upstream.sockets.delete(socket));
    });
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
    await once(server, 'listening');

    return upstream;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Queues replies; each request takes one, in order. */
  enqueue(...replies: ScriptedReply[]): this {
    this.queue.push(...replies);

    return this;
  }

  get pending(): number {
    return this.queue.length;
  }

  get lastRequest(): RecordedRequest | undefined {
    return this.requests[this.requests.length - 1];
  }

  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
  }

  /** Resolves once `predicate` holds; re-checked after every request event. */
  async waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;

    while (!predicate()) {
      if (Date.now() > deadline) {
        throw new Error('FakeUpstream.waitFor timed out');
      }

      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 20);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }

    for (const socket of this.sockets) {
      socket.destroy();
    }

    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];

    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const reply = this.queue.shift();
      const record: RecordedRequest = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: request.headers,
        rawHeaders: request.rawHeaders,
        body,
        sha256: createHash('sha256').update(body).digest('hex'),
        reply: reply?.kind ?? 'default',
        closedEarly: false,
        completed: false,
      };

      this.requests.push(record);
      if (this.requests.length > this.maxRecorded) {
        this.requests.shift();
      }
      response.on('close', () => {
        record.completed = response.writableFinished;
        record.closedEarly = !response.writableFinished;
        this.notify();
      });
      this.notify();
      this.answer(record, reply ?? this.defaultReply(record), response);
    });
  }

  private later(delayMs: number | undefined, action: () => void): void {
    if (!delayMs) {
      action();

      return;
    }

    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, delayMs);
    this.timers.add(timer);
  }

  private answer(record: RecordedRequest, reply: ScriptedReply, response: ServerResponse): void {
    switch (reply.kind) {
      case 'hang':
        return;
      case 'destroy':
        this.later(reply.delayMs, () => response.socket?.destroy());

        return;
      case 'json':
        this.later(reply.delayMs, () => {
          const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
          response.writeHead(reply.status ?? 200, {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            ...reply.headers,
          });
          response.end(body);
        });

        return;
      case 'raw':
        this.later(reply.delayMs, () => {
          const isChunked = Object.keys(reply.headers ?? {}).some(
            (name) => name.toLowerCase() === 'transfer-encoding',
          );
          response.writeHead(reply.status, {
            ...(isChunked ? {} : { 'content-length': String(Buffer.byteLength(reply.body)) }),
            ...reply.headers,
          });
          response.end(reply.body);
        });

        return;
      case 'sse':
        this.later(reply.delayMs, () => this.stream(reply, response));

        return;
      default:
        throw new Error(`unknown reply for ${record.path}`);
    }
  }

  private stream(reply: SseReply, response: ServerResponse): void {
    const limit = Math.min(reply.stopAfter ?? reply.events.length, reply.events.length);
    let sent = 0;

    response.writeHead(reply.status ?? 200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      ...reply.headers,
    });
    response.flushHeaders();

    const next = (): void => {
      if (response.destroyed) {
        return;
      }

      if (sent >= limit) {
        if (limit < reply.events.length && reply.stopWith === 'destroy') {
          response.socket?.destroy();
        } else {
          response.end();
        }

        return;
      }

      response.write(formatSseEvent(reply.events[sent]));
      sent += 1;
      this.later(reply.intervalMs ?? 0, next);
    };

    next();
  }

  private defaultReply(record: RecordedRequest): ScriptedReply {
    const body = parseObject(record.body);
    const model = typeof body?.['model'] === 'string' ? body['model'] : undefined;
    const isStream = body?.['stream'] === true;
    const path = record.path.split('?')[0];

    if (path.endsWith('/chat/completions')) {
      return isStream
        ? { kind: 'sse', events: openAIChatStream({ model }) }
        : { kind: 'json', body: openAIChatCompletion({ model }) };
    }

    if (path.endsWith('/responses')) {
      return isStream
        ? { kind: 'sse', events: openAIResponsesStream({ model }) }
        : { kind: 'json', body: openAIResponse({ model }) };
    }

    if (path.endsWith('/messages/count_tokens')) {
      return { kind: 'json', body: { input_tokens: Math.ceil(record.body.length / 4) } };
    }

    if (path.endsWith('/messages')) {
      return isStream
        ? { kind: 'sse', events: anthropicStream({ model }) }
        : { kind: 'json', body: anthropicMessage({ model }) };
    }

    return { kind: 'json', body: { object: 'list', data: [], path: record.path } };
  }
}

function parseObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));

    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
