import { Logger, type Provider } from '@nestjs/common';
import type { ManagedOriginalStore } from '@headroom/ccr';
import { ORIGINAL_STORE } from '@headroom/contracts';
import {
  classifyStorageError,
  openOriginalStore,
  type OpenOriginalStoreOptions,
  ReconnectingOriginalStore,
  resolveDatabaseTarget,
} from '@headroom/storage';
import { GatewayConfigService } from '../config/gateway-config.service';
import { withReadThrough } from './read-through.store';
import { RETRIEVE_CONFIG } from './retrieve.tokens';
import type { RetrieveConfig } from './retrieve-config';

/**
 * The process's one CCR store under `ORIGINAL_STORE`: opened (and migrated)
 * while Nest boots. The pipeline wiring injects the same token to save
 * originals; tests may hand in a store of their own (e.g. `InMemoryOriginalStore`).
 *
 * A database that cannot be opened stops the gateway before it listens, with
 * one exception: a PostgreSQL server that does not answer. The gateway then
 * starts anyway, serves every request uncompressed, reports storage down on
 * /readyz and keeps reconnecting. A database outage during a rollout should
 * not leave a fleet of gateways crash-looping while the traffic they carry
 * could pass; a wrong URL, a refused login or an unwritable SQLite file is a
 * mistake to fix, and stays fatal.
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
      const options: OpenOriginalStoreOptions = {
        databaseUrl: config.databaseUrl,
        retention: config.retention,
        logger: { log: (msg, fields) => logger.log({ msg, ...fields }) },
      };
      const store = await openOrReconnect(options, logger);

      return gateway.get('transport') === 'redis'
        ? withReadThrough(store, gateway.get('redisUrl'))
        : store;
    },
  };
}

async function openOrReconnect(
  options: OpenOriginalStoreOptions,
  logger: Logger,
): Promise<ManagedOriginalStore> {
  const provider = resolveDatabaseTarget(options.databaseUrl).provider;

  try {
    return await openOriginalStore(options);
  } catch (error) {
    const fault = classifyStorageError(error);
    if (provider !== 'postgresql' || (fault !== 'unreachable' && fault !== 'timeout')) {
      throw error;
    }

    // The driver's message can name the host; the fault says enough.
    logger.error({ msg: 'ccr store unreachable at start, serving uncompressed', fault });

    return new ReconnectingOriginalStore({
      provider,
      open: () => openOriginalStore(options),
      onAttemptFailed: (reason, attempt) =>
        logger.warn({ msg: 'ccr store still unreachable', fault: reason, attempt }),
      onOpened: (attempt) => logger.log({ msg: 'ccr store reconnected', attempt }),
    }).start();
  }
}
