import { type CompressOutcome, TRANSPORT_KEYS } from '@headroom/contracts';
import { CompressionCache } from '@headroom/pipeline';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedisConnection, whenReady } from './redis-connection';

export type RedisCompressionCacheOptions = {
  redis: Redis | string;
  /** How long an outcome is shared; history older than this may recompress. */
  ttlSeconds?: number;
  /** Size of the in-process front; 0 turns it off. */
  localEntries?: number;
};

/**
 * The content-addressed compression cache shared by every gateway replica.
 * The first outcome stored for a key wins everywhere (SET NX, then read back
 * the winner), so two replicas racing on the same content still converge on
 * the same bytes and the provider's prompt cache keeps hitting. An in-process
 * LRU in front saves the round trip for hot content. If Redis is away the
 * cache misses and `remember` returns the caller's outcome: compression goes
 * on, only cross-replica stability is lost until Redis is back.
 */
export class RedisCompressionCache {
  private readonly logger = new Logger(RedisCompressionCache.name);
  private readonly redis: Redis;
  private readonly ownsConnection: boolean;
  private readonly ttlSeconds: number;
  // Commands fail fast while Redis is away; only the very first ones wait
  // for the connection the constructor opened.
  private readonly connected: Promise<void>;
  private readonly local: CompressionCache | undefined;

  constructor(options: RedisCompressionCacheOptions) {
    this.ownsConnection = typeof options.redis === 'string';
    this.redis =
      typeof options.redis === 'string'
        ? createRedisConnection({ url: options.redis, name: 'compression-cache' })
        : options.redis;
    this.connected = whenReady(this.redis, 2_000).catch(() => undefined);
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
    const localEntries = options.localEntries ?? 1_000;
    this.local = localEntries > 0 ? new CompressionCache(localEntries) : undefined;
  }

  async get(key: string): Promise<CompressOutcome | undefined> {
    const local = this.local?.get(key);
    if (local) return local;

    try {
      await this.connected;
      const json = await this.redis.get(TRANSPORT_KEYS.compression(key));
      if (!json) return undefined;
      const outcome = JSON.parse(json) as CompressOutcome;
      this.local?.set(key, outcome);

      return outcome;
    } catch (error) {
      this.warn('read', error);

      return undefined;
    }
  }

  /**
   * Stores `outcome` unless another replica got there first, and returns the
   * outcome that is now shared: the caller must use that one, not its own.
   */
  async remember(key: string, outcome: CompressOutcome): Promise<CompressOutcome> {
    try {
      await this.connected;
      const redisKey = TRANSPORT_KEYS.compression(key);
      const stored = await this.redis.set(
        redisKey,
        JSON.stringify(outcome),
        'EX',
        this.ttlSeconds,
        'NX',
      );
      const winner = stored === 'OK' ? outcome : await this.readWinner(redisKey, outcome);
      this.local?.set(key, winner);

      return winner;
    } catch (error) {
      this.warn('write', error);

      return outcome;
    }
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async readWinner(redisKey: string, fallback: CompressOutcome): Promise<CompressOutcome> {
    const json = await this.redis.get(redisKey);

    return json ? (JSON.parse(json) as CompressOutcome) : fallback;
  }

  private warn(operation: 'read' | 'write', error: unknown): void {
    this.logger.warn({
      msg: `compression cache ${operation} failed`,
      error: (error as Error).message,
    });
  }
}
