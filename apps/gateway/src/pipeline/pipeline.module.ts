import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { CompressionPipeline } from '@headroom/pipeline';
import { CompressionService } from './compression.service';
import { pipelineProvider } from './pipeline.provider';
import { COMPRESSION_PIPELINE } from './pipeline.tokens';

@Global()
@Module({})
export class PipelineModule {
  static register(override?: CompressionPipeline): DynamicModule {
    return {
      module: PipelineModule,
      providers: [pipelineProvider(override), CompressionService],
      exports: [COMPRESSION_PIPELINE, CompressionService],
    };
  }
}
