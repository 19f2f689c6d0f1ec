import type { OriginalStore } from '@headroom/contracts';
import type { RetrievalDetail } from './retrieval-audit';

/** What the audit trail records. Never content, never credentials. */
export const AUDIT_EVENTS = ['store', 'retrieve', 'miss', 'expired', 'purge'] as const;

export type AuditEventName = (typeof AUDIT_EVENTS)[number];

export function isAuditEventName(value: unknown): value is AuditEventName {
  return typeof value === 'string' && (AUDIT_EVENTS as readonly string[]).includes(value);
}

export type AuditEntry = {
  event: AuditEventName;
  tenant: string;
  key: string;
  actor: string | null;
  at: Date;
  /**
   * How a retrieve, miss or expired lookup was asked for; null for other
   * events and for rows older than the detail. Exports never carry the query
   * text (an export file outlives the purge that clears it), only its digest.
   */
  retrieval: Omit<RetrievalDetail, 'query'> | null;
};

export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export type RecentRetrieval = {
  key: string;
  at: Date;
  toolName: string | null;
  itemCount: number | null;
  keptCount: number | null;
  /** Null on retrievals recorded before the audit trail said how (issue #9). */
  retrieval: RetrievalDetail | null;
};

/** One tenant's view of the store, for `GET /v1/retrieve/stats`. */
export type OriginalStoreStats = {
  tenant: string;
  ttlSeconds: number;
  /** Originals that can still be retrieved. */
  entries: number;
  /** Expired originals the next purge will delete. */
  expiredPending: number;
  contentBytes: number;
  originalTokens: number;
  compressedTokens: number;
  retrievals: number;
  recentRetrievals: RecentRetrieval[];
};

/**
 * The store as the CCR service sees it: the pipeline's `OriginalStore` port
 * plus retention, stats and lifecycle. Both the Prisma store and the in-memory
 * store implement it with the same semantics.
 */
export interface ManagedOriginalStore extends OriginalStore {
  /** Deletes exactly the rows expired at `now`, audits each, returns how many. */
  purgeExpired(now?: Date): Promise<number>;
  stats(tenant: string): Promise<OriginalStoreStats>;
  /** The audit trail of every tenant in `[since, until)`, oldest first (for exports). */
  auditEvents(since: Date, until: Date): Promise<AuditEntry[]>;
  close(): Promise<void>;
}
