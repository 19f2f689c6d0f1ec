import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { WorkerFamily } from '@headroom/contracts';

export type StreamsServerOptions = {
  redisUrl: string;
  family: WorkerFamily;
  /** Unique per replica; defaults to host, pid and a random suffix. */
  consumer?: string;
  /** Messages one replica handles at once. Compression is CPU work: 1 by default. */
  concurrency?: number;
  /**
   * A pending entry idle this long belongs to a replica presumed dead and is
   * claimed by another. Must exceed the slowest handler, or live work is
   * duplicated (harmless, replies are first-wins, but wasted).
   */
  claimIdleMs?: number;
  /** How often a replica looks for abandoned entries. */
  claimIntervalMs?: number;
  /** How long one XREADGROUP blocks; bounds how quickly `close()` returns. */
  blockMs?: number;
  inlineLimitBytes?: number;
  /** How long an unread reply list lives after its last push. */
  replyTtlMs?: number;
  /** A consumer silent this long with nothing pending is a dead replica; it leaves the group. */
  forgetConsumerAfterMs?: number;
};

export type StreamsClientOptions = {
  redisUrl: string;
  family: WorkerFamily;
  /** Default per-call timeout; a call never costs more than this. */
  timeoutMs?: number;
  inlineLimitBytes?: number;
  /** Caps the request stream so a family with no replica cannot grow it forever. */
  maxStreamLength?: number;
};

export const STREAMS_DEFAULTS = {
  concurrency: 1,
  claimIdleMs: 10_000,
  claimIntervalMs: 2_000,
  blockMs: 1_000,
  replyTtlMs: 60_000,
  timeoutMs: 2_000,
  maxStreamLength: 100_000,
  forgetConsumerAfterMs: 10 * 60_000,
} as const;

export function defaultConsumerName(family: WorkerFamily): string {
  return `${family}-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
