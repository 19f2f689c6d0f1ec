import { CCR_MAINTENANCE_QUEUE, ORIGINAL_STORE } from '@headroom/contracts';
import type { ManagedOriginalStore } from '@headroom/ccr';
import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import type { CcrConfig } from './ccr.config';
import { CcrController } from './ccr.controller';
import { CCR_CONFIG } from './ccr.tokens';
import { bullConnection } from './maintenance/bull-connection';
import { CcrMaintenanceProcessor } from './maintenance/ccr-maintenance.processor';
import { MaintenanceScheduler } from './maintenance/maintenance.scheduler';
import { StoreLifecycle } from './store/store-lifecycle';

@Module({})
export class CcrModule {
  /** The store is opened (and migrated) before Nest boots, so a bad database fails fast. */
  static forRoot(store: ManagedOriginalStore, config: CcrConfig): DynamicModule {
    return {
      module: CcrModule,
      imports: [
        BullModule.forRoot({ connection: bullConnection(config.worker.redisUrl) }),
        BullModule.registerQueue({ name: CCR_MAINTENANCE_QUEUE }),
      ],
      controllers: [CcrController],
      providers: [
        { provide: ORIGINAL_STORE, useValue: store },
        { provide: CCR_CONFIG, useValue: config },
        CcrMaintenanceProcessor,
        MaintenanceScheduler,
        StoreLifecycle,
      ],
    };
  }
}
