import { InMemoryOriginalStore } from '@headroom/ccr';
import type { Compressor, OriginalStore } from '@headroom/contracts';
import { detectContent } from '@headroom/router';
import type { ContentDetector } from './compression.ports';
import { CompressorRegistry } from './compressor-registry';
import { defaultCompressors } from './default-compressors';
import { PIPELINE_DEFAULTS, type PipelineOptions } from './pipeline-options';
import { CompressorThreadPool } from './threads/compressor-thread-pool';
import { RequestPipeline } from './request-pipeline';

export type EmbeddedPipelineOptions = Omit<
  PipelineOptions,
  'detector' | 'compressors' | 'store'
> & {
  compressors?: readonly Compressor[];
  detector?: ContentDetector;
  store?: OriginalStore;
  /**
   * Compressor threads. 0 runs the families on the calling thread, where a
   * slow block holds up the event loop; the gateway uses at least one.
   */
  threads?: number;
  onThreadRestart?: (reason: 'timeout' | 'crash') => void;
};

export const routerDetector: ContentDetector = { detect: detectContent };

/** The embedded mode: router and compressors in this process, one store port. */
export function createEmbeddedPipeline(options: EmbeddedPipelineOptions = {}): RequestPipeline {
  const threads = options.compressors ? 0 : (options.threads ?? 0);
  const compressors =
    threads > 0
      ? new CompressorThreadPool({
          threads,
          timeoutMs: options.unitTimeoutMs ?? PIPELINE_DEFAULTS.unitTimeoutMs,
          onRestart: options.onThreadRestart,
        })
      : new CompressorRegistry(options.compressors ?? defaultCompressors());

  return new RequestPipeline({
    ...options,
    // TODO(#4): callers that pass no store get one that forgets on restart;
    // the gateway must always pass the durable Prisma store.
    store: options.store ?? new InMemoryOriginalStore(),
    detector: options.detector ?? routerDetector,
    compressors,
  });
}
