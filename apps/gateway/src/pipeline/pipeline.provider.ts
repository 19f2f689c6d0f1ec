import type { Provider } from '@nestjs/common';
import { ORIGINAL_STORE, type OriginalStore } from '@headroom/contracts';
import {
  type CompressionPipeline,
  type CompressorPort,
  RequestPipeline,
  createEmbeddedPipeline,
  routerDetector,
} from '@headroom/pipeline';
import { GatewayConfigService } from '../config/gateway-config.service';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { COMPRESSION_PIPELINE } from './pipeline.tokens';

/**
 * The single place the pipeline is built. Both modes run the same pipeline
 * and save originals to the durable store the retrieve endpoints read
 * (`ORIGINAL_STORE`, from the global RetrieveModule; PostgreSQL shared by
 * every replica in a cluster). Only the compressor port differs: threads in
 * this process (embedded) or the worker apps over Redis (`HEADROOM_TRANSPORT=redis`).
 * Tests may hand in their own pipeline.
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
    ): CompressionPipeline => {
      const shared = {
        store,
        policy: config.get('policy'),
        normalizeDynamicSystem: config.get('normalizeSystemPrompts'),
        // Blocks time out inside the pipeline before the request-wide bound
        // does, so a slow block costs only itself and earlier turns' blocks
        // are still replayed byte for byte.
        unitTimeoutMs: Math.max(1, Math.floor(config.get('compressionTimeoutMs') * 0.6)),
      };

      if (config.get('transport') === 'redis') {
        return new RequestPipeline({
          ...shared,
          detector: routerDetector,
          compressors: remoteCompressors(config.get('redisUrl'), shared.unitTimeoutMs),
        });
      }

      return createEmbeddedPipeline({
        ...shared,
        threads: config.get('compressorThreads'),
        onThreadRestart: (reason) => metrics.failOpen.inc({ route: 'compressor-thread', reason }),
      });
    },
  };
}

// Loaded only in distributed mode: the Redis transport and its clients are
// tens of MB an embedded gateway never needs.
function remoteCompressors(redisUrl: string, timeoutMs: number): CompressorPort {
  const { createRemoteCompressorPort } =
    require('@headroom/transport') as typeof import('@headroom/transport');

  return createRemoteCompressorPort({ redisUrl, timeoutMs });
}
