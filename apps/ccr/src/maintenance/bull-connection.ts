import type { ConnectionOptions } from 'bullmq';

/**
 * BullMQ wants discrete connection options, and its workers need
 * `maxRetriesPerRequest: null` so a blocking read survives a Redis restart.
 */
export function bullConnection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  const db = Number(url.pathname.replace('/', '') || '0');

  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    db: Number.isFinite(db) ? db : 0,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}
