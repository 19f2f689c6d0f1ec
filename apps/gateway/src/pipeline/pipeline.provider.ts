import type { Provider } from '@nestjs/common';
import { ORIGINAL_STORE, type OriginalStore } from '@headroom/contracts';
import { type CompressionPipeline, createEmbeddedPipeline } from '@headroom/pipeline';
import { GatewayConfigService } from '../config/gateway-config.service';
import { COMPRESSION_PIPELINE } from './pipeline.tokens';

/**
 * The single place the pipeline is built. Embedded mode: router and
 * compressors in process, originals saved to the same durable store the
 * retrieve endpoints read (`ORIGINAL_STORE`, provided by the global
 * RetrieveModule), so every marker sent upstream can be redeemed. Tests may
 * hand in their own pipeline.
 */
export function pipelineProvider(override?: CompressionPipeline): Provider {
  if (override) {
    return { provide: COMPRESSION_PIPELINE, useValue: override };
  }

  return {
    provide: COMPRESSION_PIPELINE,
    inject: [ORIGINAL_STORE, GatewayConfigService],
    useFactory: (store: OriginalStore, config: GatewayConfigService): CompressionPipeline =>
      createEmbeddedPipeline({
        store,
        policy: config.get('policy'),
        normalizeDynamicSystem: config.get('normalizeSystemPrompts'),
      }),
  };
}
