import { ORIGINAL_STORE } from '@headroom/contracts';
import type { ManagedOriginalStore } from '@headroom/ccr';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

/** Closes the database after the transport and the job workers have stopped. */
@Injectable()
export class StoreLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger(StoreLifecycle.name);

  constructor(@Inject(ORIGINAL_STORE) private readonly store: ManagedOriginalStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.logger.log({ msg: 'ccr store closed' });
  }
}
