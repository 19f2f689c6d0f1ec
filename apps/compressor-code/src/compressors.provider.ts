import { createCodeCompressor, warmupCodeCompressor } from '@headroom/compressor-code';
import { FamilyCompressors } from '@headroom/transport';
import type { Provider } from '@nestjs/common';

/** Nest token of this worker's compressors; local to the app. */
export const COMPRESSORS = Symbol('COMPRESSORS');

export function createCompressors(): FamilyCompressors {
  return new FamilyCompressors([createCodeCompressor()]);
}

export const compressorsProvider: Provider = {
  provide: COMPRESSORS,
  useFactory: async () => {
    // Grammars load lazily; warm them at boot so the first request is not the slow one.
    await warmupCodeCompressor();

    return createCompressors();
  },
};
