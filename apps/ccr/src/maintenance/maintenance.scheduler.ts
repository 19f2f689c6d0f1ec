import { CCR_JOBS, CCR_MAINTENANCE_QUEUE } from '@headroom/contracts';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { CCR_CONFIG } from '../ccr.tokens';
import type { CcrConfig } from '../ccr.config';

/**
 * Registers the repeatable jobs. `upsertJobScheduler` is idempotent: every
 * replica calls it at boot and Redis keeps one scheduler per name, with the
 * interval of the replica that booted last.
 */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceScheduler.name);

  constructor(
    @InjectQueue(CCR_MAINTENANCE_QUEUE) private readonly queue: Queue,
    @Inject(CCR_CONFIG) private readonly config: CcrConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      CCR_JOBS.retentionSweep,
      { every: this.config.sweepIntervalMs },
      { name: CCR_JOBS.retentionSweep, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
    await this.queue.upsertJobScheduler(
      CCR_JOBS.auditExport,
      { every: this.config.auditExportIntervalMs },
      { name: CCR_JOBS.auditExport, opts: { removeOnComplete: 30, removeOnFail: 30 } },
    );
    this.logger.log({
      msg: 'maintenance jobs scheduled',
      sweepIntervalMs: this.config.sweepIntervalMs,
      auditExportIntervalMs: this.config.auditExportIntervalMs,
    });
  }
}
