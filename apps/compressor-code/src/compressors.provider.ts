import { createCodeCompressor, warmupCodeCompressor } from '@headroom/compressor-code';
import { CompressorsByKind } from '@headroom/pipeline';
import type { Provider } from '@nestjs/common';

/** Nest token of this worker's compressors; local to the app. */
export const COMPRESSORS = Symbol('COMPRESSORS');

export function createCompressors(): CompressorsByKind {
  return new CompressorsByKind([createCodeCompressor()]);
}

export const compressorsProvider: Provider = {
  provide: COMPRESSORS,
  useFactory: async () => {
    // Grammars load lazily; warm them at boot so the first request is not the slow one.
    await warmupCodeCompressor();

    return createCompressors();
  },
};
