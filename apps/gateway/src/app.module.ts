import { type DynamicModule, Module } from '@nestjs/common';
import type { CompressionPipeline } from '@headroom/pipeline';
import { CompressModule } from './compress/compress.module';
import { ConfigModule } from './config/config.module';
import type { GatewayConfig } from './config/gateway-config.schema';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { ProxyModule } from './proxy/proxy.module';
import { RetrievalModule } from './retrieval/retrieval.module';
import { RetrieveModule } from './retrieve/retrieve.module';
import { StatsModule } from './stats/stats.module';
import { TenancyModule } from './tenancy/tenancy.module';
import { UpstreamModule } from './upstream/upstream.module';
import { UsageModule } from './usage/usage.module';

export type AppModuleOptions = {
  config: GatewayConfig;
  /** Tests only: drive the gateway with a pipeline of their own. */
  pipeline?: CompressionPipeline;
};

// Feature modules. Config, pipeline, tenancy, metrics, stats, upstream and
// health are global, so a feature module imports nothing to use them.
@Module({
  imports: [
    TenancyModule,
    MetricsModule,
    StatsModule,
    HealthModule,
    UpstreamModule,
    CompressModule,
    RetrieveModule.register(),
    ProxyModule,
    RetrievalModule,
    UsageModule,
    DashboardModule,
  ],
})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.register(options.config), PipelineModule.register(options.pipeline)],
    };
  }
}
