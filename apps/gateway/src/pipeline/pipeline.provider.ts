import type { Provider } from '@nestjs/common';
import { ORIGINAL_STORE, type OriginalStore } from '@headroom/contracts';
import {
  type CompressionPipeline,
  type CompressorPort,
  type PipelineOptions,
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
          ...distributedParts(config.get('redisUrl'), shared.unitTimeoutMs),
          detector: routerDetector,
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

/**
 * What replicas share in distributed mode: the worker apps, the
 * content-addressed compression cache (the same block gets the same bytes on
 * every replica) and the CacheAligner's sessions (a conversation keeps its
 * replayed blocks and retrieval tool whichever replica serves it). Loaded only
 * here: the transport is tens of MB an embedded gateway never needs.
 */
function distributedParts(
  redisUrl: string,
  timeoutMs: number,
): Pick<PipelineOptions, 'compressors' | 'cache' | 'sessions' | 'resources'> & {
  compressors: CompressorPort;
} {
  const transport = require('@headroom/transport') as typeof import('@headroom/transport');
  const redis = transport.createRedisConnection({ url: redisUrl, name: 'gateway:caches' });
  const compressors = transport.createRemoteCompressorPort({ redisUrl, timeoutMs });

  return {
    compressors,
    cache: new transport.RedisCompressionCache({ redis }),
    sessions: new transport.RedisSessionStore({ redis }),
    resources: [{ close: async () => void (await redis.quit().catch(() => redis.disconnect())) }],
  };
}
