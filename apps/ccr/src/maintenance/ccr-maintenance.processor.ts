import { CCR_JOBS, CCR_MAINTENANCE_QUEUE, ORIGINAL_STORE } from '@headroom/contracts';
import type { ManagedOriginalStore } from '@headroom/ccr';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { CCR_CONFIG } from '../ccr.tokens';
import type { CcrConfig } from '../ccr.config';
import { exportAudit } from './audit-exporter';

/**
 * Runs the CCR service's scheduled jobs. BullMQ hands each scheduled run to
 * exactly one CCR replica, so a purge never runs twice at the same moment.
 */
@Processor(CCR_MAINTENANCE_QUEUE)
export class CcrMaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(CcrMaintenanceProcessor.name);

  constructor(
    @Inject(ORIGINAL_STORE) private readonly store: ManagedOriginalStore,
    @Inject(CCR_CONFIG) private readonly config: CcrConfig,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const started = Date.now();
    this.logger.log({ msg: 'job started', job: job.name, jobId: job.id });
    const result = await this.run(job);
    this.logger.log({
      msg: 'job finished',
      job: job.name,
      jobId: job.id,
      durationMs: Date.now() - started,
      result,
    });

    return result;
  }

  private async run(job: Job): Promise<unknown> {
    switch (job.name) {
      case CCR_JOBS.retentionSweep:
        return { purged: await this.store.purgeExpired(new Date()) };
      case CCR_JOBS.auditExport: {
        const until = new Date(job.timestamp);
        const since = new Date(until.getTime() - this.config.auditExportIntervalMs);

        return exportAudit(this.store, this.config.auditExportDir, since, until);
      }
      default:
        this.logger.warn({ msg: 'unknown job skipped', job: job.name });

        return { skipped: true };
    }
  }
}
