import type { SessionStore } from '@headroom/aligner';
import type { OriginalStore } from '@headroom/contracts';
import type { CompressorPort, ContentDetector } from './compression.ports';
import type { OutcomeCache } from './compression-cache';
import type { CompressionPolicy } from './policy/compression-policy';

export type PipelineOptions = {
  detector: ContentDetector;
  compressors: CompressorPort;
  store: OriginalStore;
  cache?: OutcomeCache;
  /** Connections the pipeline owns and closes with itself. */
  resources?: { close(): Promise<void> }[];
  /** Session state between turns; in process when not given. */
  sessions?: SessionStore;
  /** Opt-in: move dates, UUIDs and the like to the end of system prompts. */
  normalizeDynamicSystem?: boolean;
  /** The organisation's policy (HEADROOM_CONFIG); safe defaults without one. */
  policy?: CompressionPolicy;
  /** Overrides the policy's smallest block size everywhere (tests and benchmarks). */
  minChars?: number;
  /** A compression must save at least this many tokens to be used. */
  minTokensSaved?: number;
  /** Upper bound on saving one request's originals; past it the blocks go out uncompressed. */
  storeTimeoutMs?: number;
  /** Upper bound on the time one block may spend in a compressor. */
  unitTimeoutMs?: number;
  /** Called for every fail-open event, for metrics and logs. */
  onFailure?: (failure: { compressor: string; reason: string; message: string }) => void;
};

export const PIPELINE_DEFAULTS = {
  minTokensSaved: 48,
  unitTimeoutMs: 2_000,
  storeTimeoutMs: 3_000,
} as const;
