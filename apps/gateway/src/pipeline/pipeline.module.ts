import {
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { CompressionPipeline } from '@headroom/pipeline';
import { CacheMetrics } from '../metrics/cache.metrics';
import { CompressionService } from './compression.service';
import { pipelineProvider } from './pipeline.provider';
import { COMPRESSION_PIPELINE } from './pipeline.tokens';

const WARMUP_LIMIT_MS = 30_000;

@Global()
@Module({})
export class PipelineModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PipelineModule.name);

  constructor(@Inject(COMPRESSION_PIPELINE) private readonly pipeline: CompressionPipeline) {}

  // Traffic waits until the compressor threads are loaded; should that take
  // too long, the gateway serves anyway and blocks go out uncompressed.
  async onApplicationBootstrap(): Promise<void> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), WARMUP_LIMIT_MS);
    });
    const outcome = await Promise.race([
      this.pipeline.ready?.().then(() => 'ready' as const),
      limit,
    ]);
    clearTimeout(timer);

    this.logger.log({
      msg: outcome === 'late' ? 'compressors still loading' : 'compressors ready',
      durationMs: Math.round(performance.now() - started),
    });
  }

  // Compressor threads end with the app, so a stopped gateway leaves nothing running.
  async onModuleDestroy(): Promise<void> {
    await this.pipeline.close?.();
  }

  static register(override?: CompressionPipeline): DynamicModule {
    return {
      module: PipelineModule,
      providers: [pipelineProvider(override), CompressionService, CacheMetrics],
      exports: [COMPRESSION_PIPELINE, CompressionService],
    };
  }
}
