import type { Compressor } from '@headroom/contracts';
import { createCodeCompressor } from '@headroom/compressor-code';
import { createDomCompressor } from '@headroom/compressor-dom';
import { JsonCompressor } from '@headroom/compressor-json';
import { createSquashers } from '@headroom/compressor-squash';

/** Every compressor family. The first family to claim a kind serves it. */
export function defaultCompressors(): Compressor[] {
  return [
    new JsonCompressor(),
    createCodeCompressor(),
    createDomCompressor(),
    ...createSquashers(),
  ];
}
