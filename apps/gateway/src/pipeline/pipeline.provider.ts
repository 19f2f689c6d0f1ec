import type { Provider } from '@nestjs/common';
import { type CompressionPipeline, createEmbeddedPipeline } from '@headroom/pipeline';
import { COMPRESSION_PIPELINE } from './pipeline.tokens';

/**
 * The single place the pipeline is built. Embedded mode today; when the
 * factory grows options (store, tokenizer, distributed transport), they are
 * wired here and nowhere else. Tests may hand in their own pipeline.
 */
export function pipelineProvider(override?: CompressionPipeline): Provider {
  if (override) {
    return { provide: COMPRESSION_PIPELINE, useValue: override };
  }

  return {
    provide: COMPRESSION_PIPELINE,
    useFactory: (): CompressionPipeline => createEmbeddedPipeline(),
  };
}
