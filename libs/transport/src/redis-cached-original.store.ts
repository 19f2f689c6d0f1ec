import {
  type LookupResult,
  type OriginalMetadata,
  type OriginalRecord,
  type OriginalStore,
  type RetrievalIntent,
  TRANSPORT_KEYS,
} from '@headroom/contracts';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedisConnection, whenReady } from './redis-connection';
import { reviveOriginal } from './stored-original.codec';

export type RedisCachedOriginalStoreOptions = {
  /** An existing connection, or a URL for the store to open (and close) its own. */
  redis: Redis | string;
  /** Longest a found original stays cached; never past its own expiry. */
  ttlSeconds?: number;
};

/**
 * Read-through cache in front of any `OriginalStore` (usually the remote CCR
 * service). Only `found` answers are cached, under a tenant-scoped key and
 * never beyond the original's `expiresAt`, so a cached answer can never
 * outlive retention or cross tenants. Saves always go to the durable store
 * first. Redis trouble degrades to the inner store, never to an error.
 */
export class RedisCachedOriginalStore implements OriginalStore {
  private readonly logger = new Logger(RedisCachedOriginalStore.name);
  private readonly redis: Redis;
  private readonly ownsConnection: boolean;
  private readonly ttlSeconds: number;
  // Commands fail fast while Redis is away; only the very first ones wait
  // for the connection the constructor opened.
  private readonly connected: Promise<void>;

  constructor(
    private readonly inner: OriginalStore,
    options: RedisCachedOriginalStoreOptions,
  ) {
    this.ownsConnection = typeof options.redis === 'string';
    this.redis =
      typeof options.redis === 'string'
        ? createRedisConnection({ url: options.redis, name: 'ccr-cache' })
        : options.redis;
    this.connected = whenReady(this.redis, 2_000).catch(() => undefined);
    this.ttlSeconds = options.ttlSeconds ?? 3_600;
  }

  save(records: readonly OriginalRecord[], metadata: OriginalMetadata): Promise<void> {
    return this.inner.save(records, metadata);
  }

  // A cached original never outlives the expiry it was cached with, so a
  // refresh (which only extends expiries) cannot make the cache wrong.
  async refresh(tenant: string, keys: readonly string[]): Promise<string[]> {
    return (await this.inner.refresh?.(tenant, keys)) ?? [];
  }

  async lookup(
    tenant: string,
    key: string,
    actor?: string,
    intent?: RetrievalIntent,
  ): Promise<LookupResult> {
    const cacheKey = TRANSPORT_KEYS.original(tenant, key);
    const cached = await this.read(cacheKey);
    if (cached) {
      // TODO(#5): a cache hit is not written to the audit trail nor counted
      // as a retrieval; the CCR service needs a fire-and-forget `ccr.touch`.
      return { status: 'found', original: reviveOriginal(cached) };
    }

    const result = await this.inner.lookup(tenant, key, actor, intent);
    if (result.status === 'found') {
      const secondsLeft = Math.floor((result.original.expiresAt.getTime() - Date.now()) / 1000);
      const ttl = Math.min(this.ttlSeconds, secondsLeft);
      if (ttl > 0) await this.write(cacheKey, JSON.stringify(result.original), ttl);
    }

    return result;
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async read(cacheKey: string): Promise<Record<string, unknown> | undefined> {
    try {
      await this.connected;
      const json = await this.redis.get(cacheKey);

      return json ? (JSON.parse(json) as Record<string, unknown>) : undefined;
    } catch (error) {
      this.logger.warn({ msg: 'ccr cache read failed', error: (error as Error).message });

      return undefined;
    }
  }

  private async write(cacheKey: string, json: string, ttlSeconds: number): Promise<void> {
    try {
      await this.connected;
      await this.redis.set(cacheKey, json, 'EX', ttlSeconds);
    } catch (error) {
      this.logger.warn({ msg: 'ccr cache write failed', error: (error as Error).message });
    }
  }
}
