import type { Provider } from '@nestjs/common';
import { ORIGINAL_STORE, type OriginalStore } from '@headroom/contracts';
import { type CompressionPipeline, createEmbeddedPipeline } from '@headroom/pipeline';
import { GatewayConfigService } from '../config/gateway-config.service';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
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
    inject: [ORIGINAL_STORE, GatewayConfigService, GatewayMetrics],
    useFactory: (
      store: OriginalStore,
      config: GatewayConfigService,
      metrics: GatewayMetrics,
    ): CompressionPipeline =>
      createEmbeddedPipeline({
        store,
        policy: config.get('policy'),
        normalizeDynamicSystem: config.get('normalizeSystemPrompts'),
        threads: config.get('compressorThreads'),
        // Blocks time out inside the pipeline before the request-wide bound
        // does, so a slow block costs only itself and earlier turns' blocks
        // are still replayed byte for byte.
        unitTimeoutMs: Math.max(1, Math.floor(config.get('compressionTimeoutMs') * 0.6)),
        onThreadRestart: (reason) => metrics.failOpen.inc({ route: 'compressor-thread', reason }),
      }),
  };
}
