import type { Compressor } from '@headroom/contracts';
import { BuildSquasher } from './build-squasher';
import { DiffSquasher } from './diff-squasher';
import { ListingSquasher } from './listing-squasher';
import { LogSquasher } from './log-squasher';
import { ProseSquasher } from './prose-squasher';
import { SearchSquasher } from './search-squasher';

/** One squasher per content kind, with default options: what the pipeline registers. */
export function createSquashers(): Compressor[] {
  return [
    new LogSquasher(),
    new SearchSquasher(),
    new DiffSquasher(),
    new BuildSquasher(),
    new ListingSquasher(),
    new ProseSquasher(),
  ];
}
