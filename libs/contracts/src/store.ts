import type { ContentKind } from './content-kind';
import type { OriginalRecord } from './compression';

/** What the CCR store keeps beside each original. Never credentials, never headers. */
export type OriginalMetadata = {
  tenant: string;
  toolName?: string;
  tokensBefore?: number;
  tokensAfter?: number;
  requestId?: string;
};

export type StoredOriginal = {
  key: string;
  tenant: string;
  content: string;
  kind: ContentKind;
  compressor: string;
  itemCount: number | null;
  keptCount: number | null;
  toolName: string | null;
  tokensBefore: number | null;
  tokensAfter?: number | null;
  createdAt: Date;
  expiresAt: Date;
  lastAccessedAt?: Date | null;
  retrievalCount: number;
};

export type LookupResult =
  | { status: 'found'; original: StoredOriginal }
  | { status: 'expired'; key: string; ttlSeconds: number }
  | { status: 'missing'; key: string };

/**
 * How a lookup will be served, for the audit trail: the whole original, or
 * only what matches `query`. The store records it with the retrieval.
 */
export type RetrievalIntent = { query?: string };

/**
 * The CCR store port. `save` resolves only once every record is durable; the
 * pipeline emits no marker before that. Lookups are always scoped to a tenant:
 * a key saved by one tenant is `missing` for every other.
 */
export interface OriginalStore {
  save(records: readonly OriginalRecord[], metadata: OriginalMetadata): Promise<void>;
  lookup(
    tenant: string,
    key: string,
    actor?: string,
    intent?: RetrievalIntent,
  ): Promise<LookupResult>;
  /**
   * Slides the expiry of every live original among `keys`, as a lookup would,
   * without counting a retrieval (a replayed marker is not one), and returns
   * the keys that are missing or expired so the caller can store them again.
   * Optional: a store without it leaves replayed markers as they are.
   */
  refresh?(tenant: string, keys: readonly string[]): Promise<string[]>;
}

/** Nest injection token for the process's one `OriginalStore`. */
export const ORIGINAL_STORE = 'HEADROOM_ORIGINAL_STORE';
