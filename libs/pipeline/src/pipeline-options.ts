import type { SessionStore } from '@headroom/aligner';
import type { OriginalStore } from '@headroom/contracts';
import type { CompressorPort, ContentDetector } from './compression.ports';
import type { CompressionCache } from './compression-cache';

export type PipelineOptions = {
  detector: ContentDetector;
  compressors: CompressorPort;
  store: OriginalStore;
  cache?: CompressionCache;
  /** Session state between turns; in process when not given. */
  sessions?: SessionStore;
  /** Opt-in: move dates, UUIDs and the like to the end of system prompts. */
  normalizeDynamicSystem?: boolean;
  /** Blocks shorter than this many characters are never worth a compressor call. */
  minChars?: number;
  /** A compression must save at least this many tokens to be used. */
  minTokensSaved?: number;
  /** Upper bound on the time one block may spend in a compressor. */
  unitTimeoutMs?: number;
  /** Called for every fail-open event, for metrics and logs. */
  onFailure?: (failure: { compressor: string; reason: string; message: string }) => void;
};

export const PIPELINE_DEFAULTS = {
  minChars: 1_200,
  minTokensSaved: 48,
  unitTimeoutMs: 2_000,
} as const;
