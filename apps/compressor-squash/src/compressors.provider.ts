import { createSquashers } from '@headroom/compressor-squash';
import { FamilyCompressors } from '@headroom/transport';
import type { Provider } from '@nestjs/common';

/** Nest token of this worker's compressors; local to the app. */
export const COMPRESSORS = Symbol('COMPRESSORS');

export function createCompressors(): FamilyCompressors {
  return new FamilyCompressors(createSquashers());
}

export const compressorsProvider: Provider = {
  provide: COMPRESSORS,
  useFactory: () => createCompressors(),
};
