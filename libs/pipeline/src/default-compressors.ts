import type { Compressor } from '@headroom/contracts';
import type * as CodeFamily from '@headroom/compressor-code';
import type * as DomFamily from '@headroom/compressor-dom';
import type * as JsonFamily from '@headroom/compressor-json';
import type * as SquashFamily from '@headroom/compressor-squash';

/**
 * Every compressor family. The first family to claim a kind serves it.
 *
 * The families are loaded on the first call, not on import: the gateway runs
 * them on compressor threads, and its main thread would otherwise load and
 * keep a second copy of jsdom, tree-sitter and the rest for nothing.
 */
export function defaultCompressors(): Compressor[] {
  const { JsonCompressor } = require('@headroom/compressor-json') as typeof JsonFamily;
  const { createCodeCompressor } = require('@headroom/compressor-code') as typeof CodeFamily;
  const { createDomCompressor } = require('@headroom/compressor-dom') as typeof DomFamily;
  const { createSquashers } = require('@headroom/compressor-squash') as typeof SquashFamily;

  return [
    new JsonCompressor(),
    createCodeCompressor(),
    createDomCompressor(),
    ...createSquashers(),
  ];
}
