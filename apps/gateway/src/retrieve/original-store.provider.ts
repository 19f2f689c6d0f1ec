import { Logger, type Provider } from '@nestjs/common';
import type { ManagedOriginalStore } from '@headroom/ccr';
import { ORIGINAL_STORE } from '@headroom/contracts';
import { openOriginalStore } from '@headroom/storage';
import { GatewayConfigService } from '../config/gateway-config.service';
import { withReadThrough } from './read-through.store';
import { RETRIEVE_CONFIG } from './retrieve.tokens';
import type { RetrieveConfig } from './retrieve-config';

/**
 * The process's one CCR store under `ORIGINAL_STORE`: opened (and migrated)
 * while Nest boots, so a bad database stops the gateway before it listens.
 * The pipeline wiring injects the same token to save originals; tests may
 * hand in a store of their own (e.g. `InMemoryOriginalStore`).
 */
export function originalStoreProvider(override?: ManagedOriginalStore): Provider {
  if (override) {
    return { provide: ORIGINAL_STORE, useValue: override };
  }

  return {
    provide: ORIGINAL_STORE,
    inject: [RETRIEVE_CONFIG, GatewayConfigService],
    useFactory: async (
      config: RetrieveConfig,
      gateway: GatewayConfigService,
    ): Promise<ManagedOriginalStore> => {
      const logger = new Logger('OriginalStore');
      const store = await openOriginalStore({
        databaseUrl: config.databaseUrl,
        retention: config.retention,
        logger: { log: (msg, fields) => logger.log({ msg, ...fields }) },
      });

      return gateway.get('transport') === 'redis'
        ? withReadThrough(store, gateway.get('redisUrl'))
        : store;
    },
  };
}
