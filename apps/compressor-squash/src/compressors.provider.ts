import { createSquashers } from '@headroom/compressor-squash';
import { CompressorsByKind } from '@headroom/pipeline';
import type { Provider } from '@nestjs/common';

/** Nest token of this worker's compressors; local to the app. */
export const COMPRESSORS = Symbol('COMPRESSORS');

export function createCompressors(): CompressorsByKind {
  return new CompressorsByKind(createSquashers());
}

export const compressorsProvider: Provider = {
  provide: COMPRESSORS,
  useFactory: () => createCompressors(),
};
