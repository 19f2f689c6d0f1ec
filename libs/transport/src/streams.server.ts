import {
  TRANSPORT_CONSUMER_GROUP,
  TRANSPORT_ERROR_CODES,
  TRANSPORT_KEYS,
  type TransportErrorCode,
} from '@headroom/contracts';
import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Redis } from 'ioredis';
import { lastValueFrom } from 'rxjs';
import { decodeBody, encodeBody, DEFAULT_INLINE_LIMIT_BYTES } from './body-reference';
import { createRedisConnection, whenReady } from './redis-connection';
import {
  type EncodedReply,
  type RawEntry,
  type StreamRequest,
  fromStreamFields,
  parseAutoClaimReply,
  parseReadGroupReply,
} from './stream-entry';
import { StreamsContext } from './streams.context';
import {
  STREAMS_DEFAULTS,
  type StreamsServerOptions,
  defaultConsumerName,
} from './transport.options';

export type StreamsServerStatus = 'connected' | 'disconnected' | 'reconnecting';

/** Lifecycle events of the writer connection, as `on()` exposes them. */
export type StreamsServerEvents = {
  ready: () => void;
  close: () => void;
  reconnecting: (delayMs: number) => void;
  error: (error: Error) => void;
};

/** Counters a replica keeps about itself, for its health answer and metrics. */
export type StreamsServerStats = {
  handled: number;
  failed: number;
  expired: number;
  claimed: number;
  inFlight: number;
};

/**
 * A NestJS transport strategy on a Redis Streams consumer group: every
 * replica of a family reads the family's stream in the same group, so each
 * request goes to exactly one of them. Entries are acknowledged and deleted in
 * the same MULTI that pushes the reply, so a request is either answered or
 * still pending; pending entries of a replica that died are claimed by another
 * after `claimIdleMs`. Requests whose caller has already given up are dropped
 * unprocessed.
 */
export class StreamsServer
  extends Server<StreamsServerEvents, StreamsServerStatus>
  implements CustomTransportStrategy
{
  readonly consumer: string;
  readonly stream: string;
  protected override readonly logger = new Logger(StreamsServer.name);
  readonly stats: StreamsServerStats = {
    handled: 0,
    failed: 0,
    expired: 0,
    claimed: 0,
    inFlight: 0,
  };

  private readonly options: Required<Omit<StreamsServerOptions, 'consumer'>>;
  private reader: Redis | undefined;
  private writer: Redis | undefined;
  private running = false;
  private readLoop: Promise<void> | undefined;
  private claimTimer: NodeJS.Timeout | undefined;
  private claiming = false;
  private lastSweep = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private slotFreed: (() => void) | undefined;

  constructor(options: StreamsServerOptions) {
    super();
    this.options = {
      concurrency: STREAMS_DEFAULTS.concurrency,
      claimIdleMs: STREAMS_DEFAULTS.claimIdleMs,
      claimIntervalMs: STREAMS_DEFAULTS.claimIntervalMs,
      blockMs: STREAMS_DEFAULTS.blockMs,
      inlineLimitBytes: DEFAULT_INLINE_LIMIT_BYTES,
      replyTtlMs: STREAMS_DEFAULTS.replyTtlMs,
      forgetConsumerAfterMs: STREAMS_DEFAULTS.forgetConsumerAfterMs,
      ...options,
    };
    this.consumer = options.consumer ?? defaultConsumerName(options.family);
    this.stream = TRANSPORT_KEYS.requests(options.family);
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    const name = `${this.options.family}-worker`;
    this.writer = createRedisConnection({ url: this.options.redisUrl, name: `${name}:writer` });
    // Blocking reads get their own connection so replies are never queued
    // behind a BLOCK.
    this.reader = createRedisConnection({ url: this.options.redisUrl, name: `${name}:reader` });
    this.writer.on('ready', () => this._status$.next('connected'));
    this.writer.on('close', () => this._status$.next('disconnected'));
    this.writer.on('reconnecting', () => this._status$.next('reconnecting'));

    this.running = true;
    this.readLoop = this.readForever();
    this.claimTimer = setInterval(() => void this.claimAbandoned(), this.options.claimIntervalMs);
    this.logger.log({
      msg: 'streams server listening',
      family: this.options.family,
      consumer: this.consumer,
      concurrency: this.options.concurrency,
    });
    callback();
  }

  async close(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.claimTimer);
    // Unblocks a pending XREADGROUP at once instead of waiting out its BLOCK.
    this.reader?.disconnect();
    await this.readLoop;
    await Promise.allSettled([...this.inFlight]);
    await this.leaveGroup();
    await this.writer?.quit().catch(() => this.writer?.disconnect());
    this.logger.log({ msg: 'streams server closed', consumer: this.consumer, ...this.stats });
  }

  get family(): StreamsServerOptions['family'] {
    return this.options.family;
  }

  /** True while both connections are up: what the worker's `/readyz` reports. */
  isConnected(): boolean {
    return this.writer?.status === 'ready' && this.reader?.status === 'ready';
  }

  /** The non-blocking connection, for metrics; `undefined` before `listen`. */
  connection(): Redis | undefined {
    return this.writer;
  }

  /** Subscribes to the writer connection's events (`ready`, `close`, `error`, ...). */
  on<EventKey extends keyof StreamsServerEvents>(
    event: EventKey,
    callback: StreamsServerEvents[EventKey],
  ): void {
    this.writer?.on(event, callback);
  }

  unwrap<T>(): T {
    if (!this.writer) throw new Error('streams server is not listening yet');

    return this.writer as T;
  }

  /** Creates the stream and the group if Redis has neither (first start, or a Redis restart). */
  private async ensureGroup(redis: Redis): Promise<void> {
    try {
      await redis.call('XGROUP', 'CREATE', this.stream, TRANSPORT_CONSUMER_GROUP, '0', 'MKSTREAM');
      this.logger.log({ msg: 'consumer group created', stream: this.stream });
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  private async readForever(): Promise<void> {
    let groupReady = false;

    while (this.running) {
      const reader = this.reader as Redis;
      try {
        await whenReady(reader, this.options.blockMs);
        if (!groupReady) {
          await this.ensureGroup(reader);
          groupReady = true;
        }
        await this.waitForSlot();
        const free = this.options.concurrency - this.inFlight.size;
        const reply = await reader.call(
          'XREADGROUP',
          'GROUP',
          TRANSPORT_CONSUMER_GROUP,
          this.consumer,
          'COUNT',
          String(free),
          'BLOCK',
          String(this.options.blockMs),
          'STREAMS',
          this.stream,
          '>',
        );
        for (const entry of parseReadGroupReply(reply)) this.dispatch(entry);
      } catch (error) {
        if (!this.running) break;
        const message = String((error as Error).message);
        // A Redis that restarted empty has lost the group: make it again.
        if (message.includes('NOGROUP')) groupReady = false;
        await sleep(Math.min(this.options.blockMs, 250));
      }
    }
  }

  private waitForSlot(): Promise<void> {
    if (this.inFlight.size < this.options.concurrency) return Promise.resolve();

    return new Promise((resolve) => {
      this.slotFreed = resolve;
    });
  }

  /** Takes over entries another replica read but never answered. */
  private async claimAbandoned(): Promise<void> {
    const writer = this.writer;
    const free = this.options.concurrency - this.inFlight.size;
    if (this.claiming || !writer || writer.status !== 'ready' || free <= 0) return;

    this.claiming = true;
    try {
      const reply = await writer.call(
        'XAUTOCLAIM',
        this.stream,
        TRANSPORT_CONSUMER_GROUP,
        this.consumer,
        String(this.options.claimIdleMs),
        '0-0',
        'COUNT',
        String(free),
      );
      const { entries } = parseAutoClaimReply(reply);
      for (const entry of entries) {
        if (!entry[1]) continue;
        this.stats.claimed += 1;
        this.logger.warn({
          msg: 'claimed abandoned request',
          entryId: entry[0],
          consumer: this.consumer,
        });
        this.dispatch(entry);
      }
      await this.forgetDeadConsumers(writer);
    } catch (error) {
      this.logger.debug?.({ msg: 'claim failed', error: (error as Error).message });
    } finally {
      this.claiming = false;
    }
  }

  /**
   * Crashed replicas stay in the group forever, which inflates the consumer
   * count the gateway reports. A consumer with nothing pending that has been
   * silent for a long while is gone for good: removing it loses nothing.
   */
  private async forgetDeadConsumers(writer: Redis): Promise<void> {
    const now = Date.now();
    const forgetAfterMs = this.options.forgetConsumerAfterMs;
    if (now - this.lastSweep < Math.min(DEAD_CONSUMER_SWEEP_MS, forgetAfterMs / 2)) return;
    this.lastSweep = now;

    const consumers = await writer.call(
      'XINFO',
      'CONSUMERS',
      this.stream,
      TRANSPORT_CONSUMER_GROUP,
    );
    for (const consumer of parseConsumers(consumers)) {
      if (
        consumer.name === this.consumer ||
        consumer.pending > 0 ||
        consumer.idleMs < forgetAfterMs
      ) {
        continue;
      }
      await writer.call(
        'XGROUP',
        'DELCONSUMER',
        this.stream,
        TRANSPORT_CONSUMER_GROUP,
        consumer.name,
      );
      this.logger.log({
        msg: 'forgot dead consumer',
        consumer: consumer.name,
        idleMs: consumer.idleMs,
      });
    }
  }

  private dispatch(entry: RawEntry): void {
    const task = this.handleEntry(entry).finally(() => {
      this.inFlight.delete(task);
      this.stats.inFlight = this.inFlight.size;
      const wake = this.slotFreed;
      this.slotFreed = undefined;
      wake?.();
    });
    this.inFlight.add(task);
    this.stats.inFlight = this.inFlight.size;
  }

  private async handleEntry([entryId, fields]: RawEntry): Promise<void> {
    const request = fields ? fromStreamFields(fields) : undefined;
    if (!request) {
      this.logger.warn({ msg: 'dropping malformed entry', entryId });
      await this.finish(entryId);

      return;
    }

    if (Date.now() > request.deadline) {
      // The caller has already failed open; doing the work now helps nobody.
      this.stats.expired += 1;
      this.logger.debug?.({ msg: 'dropping expired request', requestId: request.requestId });
      await this.finish(entryId);

      return;
    }

    const started = Date.now();
    const reply = await this.answer(entryId, request);
    if (reply.ok) this.stats.handled += 1;
    else this.stats.failed += 1;
    await this.finish(entryId, reply, request.replyTo);
    this.logger.debug?.({
      msg: 'request handled',
      requestId: request.requestId,
      pattern: request.pattern,
      ok: reply.ok,
      durationMs: Date.now() - started,
    });
  }

  private async answer(entryId: string, request: StreamRequest): Promise<EncodedReply> {
    const fail = (code: TransportErrorCode, message: string): EncodedReply => ({
      id: request.id,
      ok: false,
      error: { code, message },
    });

    const handler = this.getHandlerByPattern(request.pattern);
    if (!handler) return fail('unknown_pattern', `no handler for ${request.pattern}`);

    const json = await decodeBody(this.writer as Redis, request.body);
    if (json === undefined) return fail('bad_request', 'request body expired before it was read');

    const context = new StreamsContext([this.stream, entryId, request.requestId, this.consumer]);
    try {
      const data: unknown = JSON.parse(json);
      if (handler.isEventHandler) {
        await this.handleEvent(request.pattern, { pattern: request.pattern, data }, context);

        return { id: request.id, ok: true, inline: 'null' };
      }
      const result = await lastValueFrom(this.transformToObservable(await handler(data, context)), {
        defaultValue: null,
      });
      const body = await encodeBody(
        this.writer as Redis,
        JSON.stringify(result ?? null),
        this.options.inlineLimitBytes,
        Math.max(this.options.replyTtlMs, request.deadline - Date.now()),
      );

      return { id: request.id, ok: true, ...body };
    } catch (error) {
      const { code, message } = describeFailure(error);
      if (this.writer?.status !== 'ready') {
        // Redis went away mid-request: the entry stays pending and is
        // answered again (here or by another replica) once Redis is back.
        this.logger.warn({ msg: 'redis lost while answering', requestId: request.requestId });

        return fail('unavailable', 'redis unavailable');
      }
      this.logger.error({
        msg: 'handler failed',
        requestId: request.requestId,
        pattern: request.pattern,
        error: message,
      });

      // Only expected, coded failures say what went wrong; anything else
      // crosses the wire as a generic message.
      return fail(code, code === 'internal' ? 'worker failed' : message);
    }
  }

  /** Replies (when asked), acknowledges and deletes in one MULTI. */
  private async finish(entryId: string, reply?: EncodedReply, replyTo?: string): Promise<void> {
    const writer = this.writer as Redis;
    const transaction = writer.multi();
    if (reply) {
      if (replyTo) {
        transaction.lpush(replyTo, JSON.stringify(reply));
        transaction.pexpire(replyTo, this.options.replyTtlMs);
      }
      transaction.hincrby(TRANSPORT_KEYS.handled(this.options.family), this.consumer, 1);
    }
    transaction.xack(this.stream, TRANSPORT_CONSUMER_GROUP, entryId);
    transaction.xdel(this.stream, entryId);
    try {
      await transaction.exec();
    } catch (error) {
      // Still pending: after reconnect this replica or another claims it again.
      this.logger.warn({ msg: 'reply not delivered', entryId, error: (error as Error).message });
    }
  }

  private async leaveGroup(): Promise<void> {
    const writer = this.writer;
    if (!writer || writer.status !== 'ready') return;
    try {
      // Only a consumer with nothing pending may go: DELCONSUMER drops its
      // pending entries, which must stay claimable instead.
      const pending = await writer.call(
        'XPENDING',
        this.stream,
        TRANSPORT_CONSUMER_GROUP,
        '-',
        '+',
        '1',
        this.consumer,
      );
      if (Array.isArray(pending) && pending.length > 0) return;
      await writer.call(
        'XGROUP',
        'DELCONSUMER',
        this.stream,
        TRANSPORT_CONSUMER_GROUP,
        this.consumer,
      );
    } catch {
      // The group may be gone with a restarted Redis; nothing to leave.
    }
  }
}

function describeFailure(error: unknown): { code: TransportErrorCode; message: string } {
  const candidate = (error ?? {}) as { code?: unknown; message?: unknown };
  const code = (TRANSPORT_ERROR_CODES as readonly unknown[]).includes(candidate.code)
    ? (candidate.code as TransportErrorCode)
    : 'internal';
  const message = typeof candidate.message === 'string' ? candidate.message : String(error);

  return { code, message };
}

const DEAD_CONSUMER_SWEEP_MS = 60_000;

function parseConsumers(reply: unknown): { name: string; pending: number; idleMs: number }[] {
  if (!Array.isArray(reply)) return [];

  return reply.flatMap((entry: unknown) => {
    if (!Array.isArray(entry)) return [];
    const fields = new Map<string, unknown>();
    for (let index = 0; index + 1 < entry.length; index += 2) {
      fields.set(String(entry[index]), entry[index + 1]);
    }
    // Redis 7.2 adds `inactive` (since the last successful read); `idle`
    // (since the last attempt) exists everywhere and is what 7.0 has.
    const idle = Number(fields.get('inactive') ?? fields.get('idle') ?? 0);

    return [
      {
        name: String(fields.get('name')),
        pending: Number(fields.get('pending') ?? 0),
        idleMs: idle,
      },
    ];
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
