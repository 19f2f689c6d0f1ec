import type { OriginalRecord } from './compression';
import type { ContentKind } from './content-kind';
import type { OriginalMetadata } from './store';

/**
 * Message patterns of the distributed mode. Workers register `@MessagePattern`
 * handlers for these names; the gateway's clients send them. Defined once here
 * so both sides agree on every byte of the wire.
 */
export const TRANSPORT_PATTERNS = {
  compressJson: 'compress.json',
  compressCode: 'compress.code',
  compressDom: 'compress.dom',
  compressSquash: 'compress.squash',
  ccrSave: 'ccr.save',
  ccrLookup: 'ccr.lookup',
  ccrRefresh: 'ccr.refresh',
  health: 'health',
} as const;

export type TransportPattern = (typeof TRANSPORT_PATTERNS)[keyof typeof TRANSPORT_PATTERNS];

/** A worker family: one Redis stream, one consumer group, any number of replicas. */
export const WORKER_FAMILIES = ['json', 'code', 'dom', 'squash', 'ccr'] as const;

export type WorkerFamily = (typeof WORKER_FAMILIES)[number];

export type CompressorFamily = Exclude<WorkerFamily, 'ccr'>;

/**
 * Which content kinds each compressor family serves, and the pattern it
 * answers. The gateway routes by this table without loading any compressor.
 */
export const COMPRESSOR_FAMILIES: Readonly<
  Record<CompressorFamily, { pattern: TransportPattern; kinds: readonly ContentKind[] }>
> = {
  json: { pattern: TRANSPORT_PATTERNS.compressJson, kinds: ['json'] },
  code: { pattern: TRANSPORT_PATTERNS.compressCode, kinds: ['code'] },
  dom: { pattern: TRANSPORT_PATTERNS.compressDom, kinds: ['html'] },
  squash: {
    pattern: TRANSPORT_PATTERNS.compressSquash,
    kinds: ['log', 'search', 'diff', 'listing', 'build', 'prose', 'markdown'],
  },
};

/** Redis key names. Every key Headroom writes starts with this prefix. */
export const TRANSPORT_KEY_PREFIX = 'headroom';

export const TRANSPORT_KEYS = {
  /** The request stream a family's replicas compete on. */
  requests: (family: WorkerFamily) => `${TRANSPORT_KEY_PREFIX}:requests:${family}`,
  /** One list per client instance; replies are pushed there by correlation id. */
  replies: (clientId: string) => `${TRANSPORT_KEY_PREFIX}:replies:${clientId}`,
  /** A large body passed by reference, named by the hash of its bytes. */
  body: (contentKey: string) => `${TRANSPORT_KEY_PREFIX}:body:${contentKey}`,
  /** Hash of requests handled per consumer (replica), for metrics and tests. */
  handled: (family: WorkerFamily) => `${TRANSPORT_KEY_PREFIX}:handled:${family}`,
  /** Shared compression cache: outcome by content key. */
  compression: (cacheKey: string) => `${TRANSPORT_KEY_PREFIX}:compression:${cacheKey}`,
  /** Read-through cache of CCR lookups, scoped by tenant. */
  original: (tenant: string, key: string) => `${TRANSPORT_KEY_PREFIX}:original:${tenant}:${key}`,
} as const;

/** The consumer group every replica of a family joins. */
export const TRANSPORT_CONSUMER_GROUP = 'workers';

/**
 * What every message carries: the caller's `x-request-id` and the payload.
 * Handlers take this as their `@Payload()`.
 */
export type TransportRequest<T> = {
  requestId: string;
  payload: T;
};

/** Error codes a reply can carry. Unknown worker errors cross the wire as `internal`. */
export const TRANSPORT_ERROR_CODES = [
  'timeout',
  'unavailable',
  'unknown_pattern',
  'bad_request',
  'internal',
] as const;

export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[number];

/** The reply envelope a worker pushes onto the caller's reply list. */
export type TransportReply =
  | { id: string; ok: true; response: unknown }
  | { id: string; ok: false; error: { code: TransportErrorCode; message: string } };

/** What a worker answers to the `health` pattern. */
export type WorkerHealth = {
  family: WorkerFamily;
  consumer: string;
  status: 'ok' | 'degraded';
  handled: number;
  uptimeSeconds: number;
  /** Compressor names (or `store` for the CCR service) this replica runs. */
  components: string[];
};

export type CcrSavePayload = {
  records: OriginalRecord[];
  metadata: OriginalMetadata;
};

export type CcrLookupPayload = {
  tenant: string;
  key: string;
  actor?: string;
  /** Set for a search, so the CCR service audits it as one. */
  query?: string;
};

/** Replayed markers whose originals should live on; the answer lists the keys with none. */
export type CcrRefreshPayload = {
  tenant: string;
  keys: string[];
};

/** Nest injection token: the worker's `StreamsServer`, for health answers. */
export const STREAMS_SERVER = 'HEADROOM_STREAMS_SERVER';

/** Nest injection token: what this worker runs (`WorkerInfo` in libs/transport). */
export const WORKER_INFO = 'HEADROOM_WORKER_INFO';

/** BullMQ queue of the CCR service's background jobs. */
export const CCR_MAINTENANCE_QUEUE = 'ccr-maintenance';

/** Job (and job scheduler) names on `CCR_MAINTENANCE_QUEUE`. */
export const CCR_JOBS = {
  retentionSweep: 'retention-sweep',
  auditExport: 'audit-export',
} as const;

export type CcrJobName = (typeof CCR_JOBS)[keyof typeof CCR_JOBS];
