export { BuildSquasher, DEFAULT_BUILD_OPTIONS, type BuildSquasherOptions } from './build-squasher';
export { DEFAULT_DIFF_OPTIONS, DiffSquasher, type DiffSquasherOptions } from './diff-squasher';
export {
  DEFAULT_LISTING_OPTIONS,
  ListingSquasher,
  type ListingSquasherOptions,
} from './listing-squasher';
export { DEFAULT_LOG_OPTIONS, LogSquasher, type LogSquasherOptions } from './log-squasher';
export { type LogLevel, isSevere, isStackLine, levelOf } from './log-level';
export { DEFAULT_PROSE_OPTIONS, ProseSquasher, type ProseSquasherOptions } from './prose-squasher';
export {
  DEFAULT_SEARCH_OPTIONS,
  SearchSquasher,
  type SearchSquasherOptions,
} from './search-squasher';
export { createSquashers } from './squashers';
export {
  type CompressContent,
  DEFAULT_NUMBERED_READ_OPTIONS,
  NumberedReadCompressor,
  type NumberedReadOptions,
} from './numbered-read';
