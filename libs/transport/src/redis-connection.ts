import { Logger } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';

export type RedisConnectionOptions = {
  /** `redis://host:port/db`; credentials in the URL are never logged. */
  url: string;
  /** Shown in lifecycle logs and as the Redis CLIENT name, e.g. `json-worker:reader`. */
  name: string;
  /** Reconnect attempts before giving up; `undefined` retries forever. */
  maxReconnectAttempts?: number;
  /** Ceiling of the reconnect backoff. */
  maxReconnectDelayMs?: number;
  /** Bound on the first TCP connect, so a dead Redis is noticed quickly. */
  connectTimeoutMs?: number;
};

const DEFAULT_MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * An ioredis connection that fails fast while Redis is away (no offline
 * queue, no per-command retries: every transport call has its own timeout and
 * a queued command would only outlive it) and keeps reconnecting in the
 * background. Logs connect, reconnect and give-up as distinct lifecycle events.
 */
export function createRedisConnection(options: RedisConnectionOptions): Redis {
  const logger = new Logger(`Redis:${options.name}`);
  const maxDelay = options.maxReconnectDelayMs ?? DEFAULT_MAX_RECONNECT_DELAY_MS;
  let attempts = 0;
  let everReady = false;

  const redisOptions: RedisOptions = {
    connectionName: options.name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    lazyConnect: false,
    retryStrategy: (times) => {
      if (options.maxReconnectAttempts !== undefined && times > options.maxReconnectAttempts) {
        logger.error({ msg: 'redis gave up reconnecting', attempts: times - 1 });

        return null;
      }
      const delay = Math.min(50 * 2 ** Math.min(times, 10), maxDelay);
      attempts = times;
      // The first attempts are routine after a blip; keep them at debug and
      // say it plainly once the outage lasts.
      if (times === 1 || times % 10 === 0) {
        logger.warn({ msg: 'redis reconnecting', attempt: times, delayMs: delay });
      }

      return delay;
    },
  };

  const redis = new Redis(options.url, redisOptions);

  redis.on('ready', () => {
    if (everReady) {
      logger.log({ msg: 'redis reconnected', afterAttempts: attempts });
    } else {
      logger.log({ msg: 'redis connected', target: redactUrl(options.url) });
    }
    everReady = true;
    attempts = 0;
  });
  redis.on('close', () => {
    if (everReady) logger.warn({ msg: 'redis connection lost' });
  });
  redis.on('end', () => {
    logger.log({ msg: 'redis connection closed' });
  });
  // ioredis emits an error for every failed attempt; the retry strategy above
  // already reports the outage, so these stay at debug to keep logs readable.
  redis.on('error', (error: Error) => {
    logger.debug?.({ msg: 'redis error', error: error.message });
  });

  return redis;
}

/** Resolves once the connection is ready, or rejects after `timeoutMs`. */
export function whenReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();

  return new Promise((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`redis not ready after ${timeoutMs} ms (${redis.status})`));
    }, timeoutMs);
    redis.once('ready', onReady);
  });
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
