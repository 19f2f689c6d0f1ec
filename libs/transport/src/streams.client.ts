import { randomUUID } from 'node:crypto';
import {
  TRANSPORT_KEYS,
  TRANSPORT_PATTERNS,
  type TransportRequest,
  type WorkerFamily,
  type WorkerHealth,
} from '@headroom/contracts';
import { Logger } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { Redis } from 'ioredis';
import { lastValueFrom } from 'rxjs';
import { DEFAULT_INLINE_LIMIT_BYTES, decodeBody, encodeBody } from './body-reference';
import { type QueueDepth, readQueueDepth } from './queue-depth';
import { createRedisConnection, whenReady } from './redis-connection';
import { type EncodedReply, isEncodedReply, toStreamFields } from './stream-entry';
import { TransportError } from './transport.error';
import { STREAMS_DEFAULTS, type StreamsClientOptions } from './transport.options';

/** What `/readyz` needs to know about one worker family. */
export type FamilyHealth =
  | { family: WorkerFamily; status: 'up'; latencyMs: number; worker: WorkerHealth }
  | { family: WorkerFamily; status: 'down'; latencyMs: number; reason: string };

export type SendOptions = { timeoutMs?: number };

type PendingCall = {
  callback: (packet: WritePacket) => void;
  timer: NodeJS.Timeout;
  pattern: string;
};

/**
 * The gateway's side of the Redis Streams transport: a Nest `ClientProxy`
 * for one worker family. `send(pattern, data)` XADDs to the family's stream
 * and resolves with the answer a replica pushes onto this client's own reply
 * list. Every call is bounded by a timeout; while Redis is away calls fail at
 * once and the connection keeps reconnecting in the background.
 */
export class StreamsClient extends ClientProxy {
  readonly family: WorkerFamily;
  readonly clientId = randomUUID();

  private readonly logger = new Logger(StreamsClient.name);
  private readonly options: Required<StreamsClientOptions>;
  private readonly replyKey: string;
  private readonly stream: string;
  private readonly calls = new Map<string, PendingCall>();
  private commands: Redis | undefined;
  private replies: Redis | undefined;
  private listening: Promise<void> | undefined;
  private opening: Promise<void> | undefined;
  private closed = false;

  constructor(options: StreamsClientOptions) {
    super();
    this.options = {
      timeoutMs: STREAMS_DEFAULTS.timeoutMs,
      inlineLimitBytes: DEFAULT_INLINE_LIMIT_BYTES,
      maxStreamLength: STREAMS_DEFAULTS.maxStreamLength,
      ...options,
    };
    this.family = options.family;
    this.replyKey = TRANSPORT_KEYS.replies(this.clientId);
    this.stream = TRANSPORT_KEYS.requests(options.family);
  }

  /**
   * Opens the connections on first use and waits briefly for them. Later
   * calls return at once: a client whose Redis is away rejects instead of
   * queueing, so the caller's timeout is never spent waiting on a socket.
   */
  async connect(): Promise<Redis> {
    if (this.closed) throw new TransportError('unavailable', 'client is closed');
    // Calls made while the first connect is under way wait for it together.
    this.opening ??= this.open();
    await this.opening;
    const commands = this.commands as Redis;
    if (commands.status !== 'ready') {
      throw new TransportError('unavailable', `redis is ${commands.status}`);
    }

    return commands;
  }

  private async open(): Promise<void> {
    const name = `gateway:${this.family}`;
    this.commands = createRedisConnection({ url: this.options.redisUrl, name });
    this.replies = createRedisConnection({ url: this.options.redisUrl, name: `${name}:replies` });
    this.commands.on('ready', () => this._status$.next('connected'));
    this.commands.on('close', () => this._status$.next('disconnected'));
    this.commands.on('reconnecting', () => this._status$.next('reconnecting'));
    this.listening = this.listenForReplies();
    await whenReady(this.commands, this.options.timeoutMs).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const [id, call] of this.calls) {
      clearTimeout(call.timer);
      call.callback({
        err: new TransportError('unavailable', 'client closed', call.pattern),
        isDisposed: true,
      });
      this.calls.delete(id);
    }
    this.replies?.disconnect();
    await this.listening;
    await this.commands?.quit().catch(() => this.commands?.disconnect());
  }

  unwrap<T>(): T {
    if (!this.commands) throw new Error('streams client is not connected yet');

    return this.commands as T;
  }

  /**
   * Sends `payload` with the caller's request id and resolves with the
   * worker's answer, or rejects with a `TransportError` within the timeout.
   */
  request<TResult, TPayload>(
    pattern: string,
    payload: TPayload,
    requestId: string = randomUUID(),
    options: SendOptions = {},
  ): Promise<TResult> {
    const message: TransportRequest<TPayload> = { requestId, payload };
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;

    return lastValueFrom(this.send<TResult>({ pattern, timeoutMs }, message));
  }

  /** Asks one replica of the family for its health; never rejects. */
  async checkHealth(timeoutMs = this.options.timeoutMs): Promise<FamilyHealth> {
    const started = Date.now();
    try {
      const worker = await this.request<WorkerHealth, Record<string, never>>(
        TRANSPORT_PATTERNS.health,
        {},
        randomUUID(),
        { timeoutMs },
      );

      return { family: this.family, status: 'up', latencyMs: Date.now() - started, worker };
    } catch (error) {
      return {
        family: this.family,
        status: 'down',
        latencyMs: Date.now() - started,
        reason: (error as Error).message,
      };
    }
  }

  /** Stream length and pending count of the family; rejects when Redis is away. */
  async queueDepth(): Promise<QueueDepth> {
    return readQueueDepth(await this.connect(), this.family);
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const { pattern, timeoutMs } = unpackPattern(packet.pattern, this.options.timeoutMs);
    const id = randomUUID();
    const timer = setTimeout(() => {
      this.calls.delete(id);
      callback({
        err: new TransportError('timeout', `${pattern} timed out after ${timeoutMs} ms`, pattern),
        isDisposed: true,
      });
    }, timeoutMs);
    this.calls.set(id, { callback, timer, pattern });

    this.enqueue(id, pattern, packet.data, timeoutMs, this.replyKey).catch((error: unknown) => {
      const call = this.calls.get(id);
      if (!call) return;
      clearTimeout(call.timer);
      this.calls.delete(id);
      callback({ err: asTransportError(error, pattern), isDisposed: true });
    });

    return () => {
      const call = this.calls.get(id);
      if (call) clearTimeout(call.timer);
      this.calls.delete(id);
    };
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const { pattern, timeoutMs } = unpackPattern(packet.pattern, this.options.timeoutMs);
    await this.enqueue(randomUUID(), pattern, packet.data, timeoutMs, '');

    return undefined as T;
  }

  private async enqueue(
    id: string,
    pattern: string,
    data: unknown,
    timeoutMs: number,
    replyTo: string,
  ): Promise<void> {
    const redis = await this.connect();
    const body = await encodeBody(
      redis,
      JSON.stringify(data ?? null),
      this.options.inlineLimitBytes,
      timeoutMs * 2,
    );
    const requestId = (data as Partial<TransportRequest<unknown>> | null)?.requestId ?? '';
    const fields = toStreamFields({
      id,
      pattern,
      replyTo,
      requestId,
      deadline: Date.now() + timeoutMs,
      body,
    });
    await redis.call(
      'XADD',
      this.stream,
      'MAXLEN',
      '~',
      String(this.options.maxStreamLength),
      '*',
      ...fields,
    );
  }

  private async listenForReplies(): Promise<void> {
    while (!this.closed) {
      const replies = this.replies as Redis;
      try {
        await whenReady(replies, 1_000);
        // A short block so close() and reconnects are noticed quickly.
        const popped = await replies.blpop(this.replyKey, 1);
        if (popped) await this.deliver(popped[1]);
      } catch {
        if (this.closed) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  private async deliver(raw: string): Promise<void> {
    let reply: unknown;
    try {
      reply = JSON.parse(raw);
    } catch {
      reply = undefined;
    }
    if (!isEncodedReply(reply)) {
      this.logger.warn({ msg: 'malformed reply dropped', family: this.family });

      return;
    }

    const call = this.calls.get(reply.id);
    // A reply for a call that already timed out: the caller has moved on.
    if (!call) return;

    const packet = await this.toPacket(reply, call.pattern);
    if (!this.calls.has(reply.id)) return;
    clearTimeout(call.timer);
    this.calls.delete(reply.id);
    call.callback(packet);
  }

  private async toPacket(reply: EncodedReply, pattern: string): Promise<WritePacket> {
    if (!reply.ok) {
      return {
        err: new TransportError(reply.error.code, reply.error.message, pattern),
        isDisposed: true,
      };
    }

    const json =
      'inline' in reply
        ? reply.inline
        : await decodeBody(this.commands as Redis, { ref: reply.ref });
    if (json === undefined) {
      return {
        err: new TransportError('internal', 'reply body expired', pattern),
        isDisposed: true,
      };
    }

    return { response: JSON.parse(json) as unknown, isDisposed: true };
  }
}

/**
 * `send` takes a Nest pattern; the client also accepts `{ pattern, timeoutMs }`
 * so `request()` can carry a per-call timeout through `ClientProxy.send`.
 */
function unpackPattern(
  raw: unknown,
  defaultTimeoutMs: number,
): { pattern: string; timeoutMs: number } {
  if (raw !== null && typeof raw === 'object' && 'pattern' in raw) {
    const { pattern, timeoutMs } = raw as { pattern: unknown; timeoutMs?: unknown };

    return {
      pattern: String(pattern),
      timeoutMs: typeof timeoutMs === 'number' && timeoutMs > 0 ? timeoutMs : defaultTimeoutMs,
    };
  }

  return {
    pattern: typeof raw === 'string' ? raw : JSON.stringify(raw),
    timeoutMs: defaultTimeoutMs,
  };
}

function asTransportError(error: unknown, pattern: string): TransportError {
  if (error instanceof TransportError) return error;

  return new TransportError('unavailable', (error as Error)?.message ?? String(error), pattern);
}
