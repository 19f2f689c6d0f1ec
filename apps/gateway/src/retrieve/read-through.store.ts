import type { ManagedOriginalStore } from '@headroom/ccr';
import { type HealthReporting, isHealthReporting } from '@headroom/storage';

/**
 * Distributed mode's CCR store: lookups go through Redis first (every gateway
 * replica shares the cache), everything else to the durable store. A cached
 * entry never outlives its original's expiry; a cache hit does not slide the
 * TTL or write an audit row (the first lookup did).
 */
export function withReadThrough(
  store: ManagedOriginalStore,
  redisUrl: string,
): ManagedOriginalStore & Partial<HealthReporting> {
  // Loaded only in distributed mode, like the rest of the transport.
  const { RedisCachedOriginalStore } =
    require('@headroom/transport') as typeof import('@headroom/transport');
  const cached = new RedisCachedOriginalStore(store, { redis: redisUrl });

  return {
    save: (records, metadata) => cached.save(records, metadata),
    lookup: (tenant, key, actor, intent) => cached.lookup(tenant, key, actor, intent),
    ...(store.refresh ? { refresh: (tenant, keys) => cached.refresh(tenant, keys) } : {}),
    purgeExpired: (now) => store.purgeExpired(now),
    stats: (tenant) => store.stats(tenant),
    auditEvents: (since, until) => store.auditEvents(since, until),
    // The durable store's health is the one /readyz reports; Redis is the transport's.
    ...(isHealthReporting(store)
      ? {
          health: (timeoutMs?: number) => store.health(timeoutMs),
          writeFailures: () => store.writeFailures(),
        }
      : {}),
    close: async () => {
      await cached.close();
      await store.close();
    },
  };
}
