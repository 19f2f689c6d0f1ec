import type { PrefixReport } from '@headroom/aligner';
import type { CompressResponseBody, RequestMode } from '@headroom/contracts';
import type { ProviderFormat } from '@headroom/providers';

/** One provider request as the gateway received it: raw bytes, never re-serialised. */
export type PipelineRequest = {
  format: ProviderFormat;
  body: Buffer;
  tenant: string;
  mode: RequestMode;
  requestId: string;
  sessionId?: string;
  /** A hash of the upstream credential, to tell sessions of different callers apart. */
  credentialFingerprint?: string;
  /**
   * Aborts when the result is no longer wanted (the client went away, or the
   * request's compression bound passed): the run stops and rejects.
   */
  signal?: AbortSignal;
};

export type PipelineFailure = {
  compressor: string;
  reason: 'error' | 'timeout' | 'storage' | 'invalid-output';
  message: string;
};

export type PipelineResult = {
  /** The bytes to forward: the client's own buffer when nothing changed. */
  body: Buffer;
  changed: boolean;
  model: string | undefined;
  stream: boolean;
  tokensBefore: number;
  tokensAfter: number;
  transforms: string[];
  ccrKeys: string[];
  retrievalToolInjected: boolean;
  failures: PipelineFailure[];
  durationMs: number;
  /** Where the time went: inspect, compress (all blocks), persist, edit, count. */
  stagesMs: Record<PipelineStage, number>;
  /** Every block sent compressed, for per-kind and per-compressor accounting. */
  blocks: CompressedBlock[];
  /** The CacheAligner's session, to attribute provider-reported cache hits to. */
  sessionKey: string | undefined;
  prefix: PrefixReport | undefined;
  /** Kinds of dynamic values found in the system prompt (dates, UUIDs, ...). */
  dynamicContent: string[];
};

export const PIPELINE_STAGES = ['inspect', 'compress', 'persist', 'edit', 'count'] as const;

export type PipelineStage = (typeof PIPELINE_STAGES)[number];

export type CompressedBlock = {
  kind: string;
  compressor: string;
  tokensBefore: number;
  tokensAfter: number;
  /** Time in the compressor; 0 when replayed or answered by the compression cache. */
  durationMs: number;
  /** Sent as an earlier turn sent it, without a compressor call. */
  replayed: boolean;
};

/** `POST /v1/compress`: messages in OpenAI or Anthropic shape, compressed and returned. */
export type CompressMessagesRequest = {
  messages: unknown[];
  model: string;
  tenant: string;
  mode: RequestMode;
  requestId: string;
  tokenBudget?: number;
  config?: Record<string, unknown>;
};

/** One in-process cache's entries and the bytes it accounts for (UTF-16 text plus a fixed overhead). */
export type CacheOccupancy = {
  cache: 'compression' | 'sessions';
  entries: number;
  bytes: number;
};

/** The port the gateway drives; embedded and distributed mode differ only behind it. */
export interface CompressionPipeline {
  /** Never throws for content reasons: compression failures are reported in `failures`. */
  run(request: PipelineRequest): Promise<PipelineResult>;
  compressMessages(request: CompressMessagesRequest): Promise<CompressResponseBody>;
  /** Provider-reported cached input tokens of a response, for the session's cache record. */
  recordUsage(sessionKey: string, cachedTokens: number): Promise<void>;
  /** Health of remote compressor families, when the compressors are remote. */
  compressorHealth?(
    timeoutMs?: number,
  ): Promise<{ family: string; status: 'up' | 'down'; latencyMs: number }[]>;
  /** What the in-process caches hold now; each is bounded, so this levels off under load. */
  cacheOccupancy?(): CacheOccupancy[];
  /** Resolves when compressors can take work; a gateway waits for it before serving. */
  ready?(): Promise<void>;
  /** Stops compressor threads and connections; the pipeline is unusable afterwards. */
  close?(): Promise<void>;
}
