import { InMemoryOriginalStore } from '@headroom/ccr';
import type { Compressor, OriginalStore } from '@headroom/contracts';
import { createCodeCompressor } from '@headroom/compressor-code';
import { createDomCompressor } from '@headroom/compressor-dom';
import { JsonCompressor } from '@headroom/compressor-json';
import { createSquashers } from '@headroom/compressor-squash';
import { detectContent } from '@headroom/router';
import type { ContentDetector } from './compression.ports';
import { CompressorRegistry } from './compressor-registry';
import type { PipelineOptions } from './pipeline-options';
import { RequestPipeline } from './request-pipeline';

export type EmbeddedPipelineOptions = Omit<
  PipelineOptions,
  'detector' | 'compressors' | 'store'
> & {
  compressors?: readonly Compressor[];
  detector?: ContentDetector;
  store?: OriginalStore;
};

/** Every compressor family, in process. The first family to claim a kind serves it. */
export function defaultCompressors(): Compressor[] {
  return [new JsonCompressor(), createCodeCompressor(), createDomCompressor(), ...createSquashers()];
}

export const routerDetector: ContentDetector = { detect: detectContent };

/** The embedded mode: router and compressors in this process, one store port. */
export function createEmbeddedPipeline(options: EmbeddedPipelineOptions = {}): RequestPipeline {
  return new RequestPipeline({
    ...options,
    // TODO(#4): callers that pass no store get one that forgets on restart;
    // the gateway must always pass the durable Prisma store.
    store: options.store ?? new InMemoryOriginalStore(),
    detector: options.detector ?? routerDetector,
    compressors: new CompressorRegistry(options.compressors ?? defaultCompressors()),
  });
}
