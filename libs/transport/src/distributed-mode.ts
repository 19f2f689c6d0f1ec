import type { OriginalStore } from '@headroom/contracts';
import type { QueueDepth } from './queue-depth';
import { RedisCachedOriginalStore } from './redis-cached-original.store';
import { RedisCompressionCache } from './redis-compression.cache';
import { createRedisConnection } from './redis-connection';
import type { RequestIdSource } from './remote-compressor';
import { type RemoteCompressorPort, createRemoteCompressorPort } from './remote-compressor.port';
import { RemoteOriginalStore } from './remote-original.store';
import type { FamilyHealth } from './streams.client';

export type DistributedModeOptions = {
  /** `HEADROOM_REDIS_URL`. */
  redisUrl: string;
  /** Per compression call; the pipeline's unit timeout should not be shorter. */
  compressionTimeoutMs?: number;
  /** Per CCR call (`save` is on the request path, before any marker is sent). */
  storeTimeoutMs?: number;
  /** The current request's `x-request-id`, e.g. from the gateway's request scope. */
  requestId?: RequestIdSource;
  /** Seconds a found original stays in the read-through cache. */
  originalCacheTtlSeconds?: number;
  /** Seconds an outcome stays in the shared compression cache. */
  compressionCacheTtlSeconds?: number;
};

/** Everything the gateway needs to run its pipeline against the cluster. */
export type DistributedMode = {
  /** The pipeline's `compressors`: the four families over Redis. */
  compressors: RemoteCompressorPort;
  /** The pipeline's `store`: the CCR service behind a Redis read-through cache. */
  store: OriginalStore;
  /** Outcome by content key, shared by every gateway replica. */
  compressionCache: RedisCompressionCache;
  /** Every family and the CCR service; never rejects. For `/readyz`. */
  checkHealth(timeoutMs?: number): Promise<FamilyHealth[]>;
  /** Backlog per compressor family. For `/metrics`. */
  queueDepths(): Promise<QueueDepth[]>;
  close(): Promise<void>;
};

/**
 * One call for `HEADROOM_TRANSPORT=redis`: builds the remote compressor port,
 * the remote CCR store with its cache, and the shared compression cache on
 * one Redis. The caches share a single connection; each transport client has
 * its own two.
 */
export function createDistributedMode(options: DistributedModeOptions): DistributedMode {
  const compressors = createRemoteCompressorPort({
    redisUrl: options.redisUrl,
    timeoutMs: options.compressionTimeoutMs,
    requestId: options.requestId,
  });
  const remoteStore = new RemoteOriginalStore({
    redisUrl: options.redisUrl,
    timeoutMs: options.storeTimeoutMs,
    requestId: options.requestId,
  });
  const cacheConnection = createRedisConnection({ url: options.redisUrl, name: 'gateway:caches' });
  const store = new RedisCachedOriginalStore(remoteStore, {
    redis: cacheConnection,
    ttlSeconds: options.originalCacheTtlSeconds,
  });
  const compressionCache = new RedisCompressionCache({
    redis: cacheConnection,
    ttlSeconds: options.compressionCacheTtlSeconds,
  });

  return {
    compressors,
    store,
    compressionCache,
    checkHealth: async (timeoutMs) => [
      ...(await compressors.checkHealth(timeoutMs)),
      await remoteStore.checkHealth(timeoutMs),
    ],
    queueDepths: () => compressors.queueDepths(),
    close: async () => {
      await Promise.all([compressors.close(), remoteStore.close()]);
      await cacheConnection.quit().catch(() => cacheConnection.disconnect());
    },
  };
}
