import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { ManagedOriginalStore } from '@headroom/ccr';
import { ORIGINAL_STORE } from '@headroom/contracts';
import { StorageMetrics } from '../metrics/storage.metrics';
import { originalStoreProvider } from './original-store.provider';
import { RetentionService } from './retention.service';
import { RetrieveController } from './retrieve.controller';
import { loadRetrieveConfig, type RetrieveConfig } from './retrieve-config';
import { RetrieveService } from './retrieve.service';
import { RETRIEVE_CONFIG } from './retrieve.tokens';

export { ORIGINAL_STORE, originalStoreProvider };

export type RetrieveModuleOptions = {
  /** Defaults to `loadRetrieveConfig(process.env)`. */
  config?: RetrieveConfig;
  /** Tests: use this store instead of opening `HEADROOM_DATABASE_URL`. */
  store?: ManagedOriginalStore;
};

/**
 * The CCR store and the retrieval API. Global, so the pipeline wiring (and the
 * retrieval loop) inject `ORIGINAL_STORE` without importing this module.
 */
@Global()
@Module({})
export class RetrieveModule {
  static register(options: RetrieveModuleOptions = {}): DynamicModule {
    return {
      module: RetrieveModule,
      controllers: [RetrieveController],
      providers: [
        { provide: RETRIEVE_CONFIG, useFactory: () => options.config ?? loadRetrieveConfig() },
        originalStoreProvider(options.store),
        RetrieveService,
        RetentionService,
        // Here rather than in MetricsModule: it reads the store this module opens.
        StorageMetrics,
      ],
      exports: [ORIGINAL_STORE, RetrieveService, RetentionService],
    };
  }
}
