import type { SessionState, SessionStore } from '@headroom/aligner';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { whenReady } from './redis-connection';

export type RedisSessionStoreOptions = {
  redis: Redis;
  /** Sessions idle longer than this are forgotten; their next turn starts afresh. */
  ttlSeconds?: number;
};

const KEY_PREFIX = 'headroom:session:';

/**
 * CacheAligner sessions shared by every gateway replica, so a conversation
 * keeps its replayed blocks and its retrieval tool whichever replica serves
 * the next turn. Redis being away costs alignment, never a request: reads
 * miss and writes are dropped with a warning.
 */
export class RedisSessionStore implements SessionStore {
  private readonly logger = new Logger(RedisSessionStore.name);
  private readonly ttlSeconds: number;
  // Commands fail fast while Redis is away (no offline queue); only the first
  // ones wait for the connection to come up.
  private readonly connected: Promise<void>;

  constructor(private readonly options: RedisSessionStoreOptions) {
    this.ttlSeconds = options.ttlSeconds ?? 24 * 3_600;
    this.connected = whenReady(options.redis, 2_000).catch(() => undefined);
  }

  async get(key: string): Promise<SessionState | undefined> {
    try {
      await this.connected;
      const json = await this.options.redis.get(KEY_PREFIX + key);
      return json ? (JSON.parse(json) as SessionState) : undefined;
    } catch (error) {
      this.warn('read', error);
      return undefined;
    }
  }

  async set(key: string, state: SessionState): Promise<void> {
    try {
      await this.connected;
      await this.options.redis.set(KEY_PREFIX + key, JSON.stringify(state), 'EX', this.ttlSeconds);
    } catch (error) {
      this.warn('write', error);
    }
  }

  private warn(operation: string, error: unknown): void {
    this.logger.warn({
      msg: `session ${operation} failed; alignment degraded for this turn`,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
