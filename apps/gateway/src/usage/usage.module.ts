import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { RequestOutcomeMetrics } from '../metrics/request-outcome.metrics';
import { ProxyModule } from '../proxy/proxy.module';
import { StatsHistoryController } from './stats-history.controller';
import { UsageRecorder } from './usage-recorder.service';
import { UsageWriter } from './usage-writer.service';

/**
 * Request usage: per-request metrics, the durable usage table (batched
 * writes) and `/stats-history`. Global so the dashboard reads the same writer.
 */
@Global()
@Module({
  imports: [ProxyModule],
  controllers: [StatsHistoryController],
  providers: [RequestOutcomeMetrics, UsageWriter, UsageRecorder],
  exports: [RequestOutcomeMetrics, UsageWriter],
})
export class UsageModule implements OnModuleInit {
  constructor(
    private readonly metrics: RequestOutcomeMetrics,
    private readonly writer: UsageWriter,
  ) {}

  onModuleInit(): void {
    this.metrics.auditCounts = async () =>
      (await (await this.writer.reader())?.auditCounts()) ?? [];
  }
}
