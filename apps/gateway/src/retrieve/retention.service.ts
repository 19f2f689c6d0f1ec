import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  type ManagedOriginalStore,
  type RetentionSweeper,
  startRetentionSweeper,
} from '@headroom/ccr';
import { ORIGINAL_STORE } from '@headroom/contracts';
import { RETRIEVE_CONFIG } from './retrieve.tokens';
import type { RetrieveConfig } from './retrieve-config';

/**
 * Embedded mode's retention: purges expired originals at start and then on
 * an unref'd timer; closes the store when the gateway shuts down. The
 * distributed CCR service runs the same purge as a BullMQ job instead.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private sweeper: RetentionSweeper | undefined;

  constructor(
    @Inject(ORIGINAL_STORE) private readonly store: ManagedOriginalStore,
    @Inject(RETRIEVE_CONFIG) private readonly config: RetrieveConfig,
  ) {}

  onApplicationBootstrap(): void {
    const fields = (message: string, extra: Record<string, unknown>) => ({
      msg: message,
      ...extra,
    });
    this.sweeper = startRetentionSweeper(this.store, this.config.purgeIntervalMs, {
      log: (message, extra) => this.logger.log(fields(message, extra)),
      warn: (message, extra) => this.logger.warn(fields(message, extra)),
    });
    void this.sweeper.sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    this.sweeper?.stop();
    await this.store.close();
  }

  /** Runs one purge now (tests, admin tooling). */
  sweep(): Promise<number> {
    return this.sweeper ? this.sweeper.sweep() : this.store.purgeExpired();
  }
}
