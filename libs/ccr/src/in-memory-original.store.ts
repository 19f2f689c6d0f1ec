import type {
  LookupResult,
  OriginalMetadata,
  OriginalRecord,
  RetrievalIntent,
  StoredOriginal,
} from '@headroom/contracts';
import {
  type AuditEntry,
  type AuditEventName,
  type Clock,
  type ManagedOriginalStore,
  type OriginalStoreStats,
  systemClock,
} from './managed-original.store';
import { RetentionPolicy } from './retention.policy';
import { describeRequest, describeRetrieval, type RetrievalDetail } from './retrieval-audit';

// Held with the query text, which the stats show and exports leave out.
type AuditRecord = Omit<AuditEntry, 'retrieval'> & { retrieval: RetrievalDetail | null };

type Entry = StoredOriginal & {
  compressed: string | null;
  tokensAfter: number | null;
  lastAccessedAt: Date | null;
  ttlSeconds: number;
  contentBytes: number;
};

export type InMemoryOriginalStoreOptions = {
  retention?: RetentionPolicy;
  clock?: Clock;
};

const RECENT_RETRIEVALS = 10;

/**
 * An `OriginalStore` in a Map, with the same semantics as the Prisma store
 * (tenant scoping, sliding TTL, terminal expiry, audit trail). For tests and
 * for compressors' specs; it forgets everything when the process ends.
 */
export class InMemoryOriginalStore implements ManagedOriginalStore {
  private readonly entries = new Map<string, Entry>();
  private readonly purged = new Set<string>();
  private readonly audit: AuditRecord[] = [];
  private readonly retention: RetentionPolicy;
  private readonly clock: Clock;

  constructor(options: InMemoryOriginalStoreOptions = {}) {
    this.retention = options.retention ?? new RetentionPolicy();
    this.clock = options.clock ?? systemClock;
  }

  async save(records: readonly OriginalRecord[], metadata: OriginalMetadata): Promise<void> {
    const now = this.clock();
    const { tenant } = metadata;
    const ttlSeconds = this.retention.ttlSecondsFor(tenant);
    const expiresAt = this.retention.expiryFrom(tenant, now);

    for (const record of records) {
      const id = entryId(tenant, record.key);
      const existing = this.entries.get(id);

      if (existing) {
        existing.expiresAt = expiresAt;
        existing.ttlSeconds = ttlSeconds;
      } else {
        this.entries.set(id, {
          key: record.key,
          tenant,
          content: record.content,
          compressed: record.compressed ?? null,
          kind: record.kind,
          compressor: record.compressor,
          itemCount: record.itemCount ?? null,
          keptCount: record.keptCount ?? null,
          toolName: metadata.toolName ?? null,
          tokensBefore: record.tokensBefore ?? metadata.tokensBefore ?? null,
          tokensAfter: record.tokensAfter ?? metadata.tokensAfter ?? null,
          contentBytes: Buffer.byteLength(record.content, 'utf8'),
          ttlSeconds,
          createdAt: now,
          expiresAt,
          lastAccessedAt: null,
          retrievalCount: 0,
        });
      }

      this.purged.delete(id);
      this.record('store', tenant, record.key, metadata.requestId ?? null, now, null);
    }
  }

  async lookup(
    tenant: string,
    key: string,
    actor?: string,
    intent?: RetrievalIntent,
  ): Promise<LookupResult> {
    const now = this.clock();
    const id = entryId(tenant, key);
    const entry = this.entries.get(id);

    if (entry && entry.expiresAt > now) {
      const ttlSeconds = this.retention.ttlSecondsFor(tenant);
      entry.retrievalCount += 1;
      entry.lastAccessedAt = now;
      entry.ttlSeconds = ttlSeconds;
      entry.expiresAt = this.retention.expiryFrom(tenant, now);
      const detail = describeRetrieval(tenant, entry.content, intent);
      this.record('retrieve', tenant, key, actor ?? null, now, detail);

      return { status: 'found', original: toStored(entry) };
    }

    if (entry || this.purged.has(id)) {
      this.record('expired', tenant, key, actor ?? null, now, describeRequest(tenant, intent));
      const ttlSeconds = entry?.ttlSeconds ?? this.retention.ttlSecondsFor(tenant);

      return { status: 'expired', key, ttlSeconds };
    }

    this.record('miss', tenant, key, actor ?? null, now, describeRequest(tenant, intent));

    return { status: 'missing', key };
  }

  async refresh(tenant: string, keys: readonly string[]): Promise<string[]> {
    const now = this.clock();
    const absent: string[] = [];

    for (const key of new Set(keys)) {
      const entry = this.entries.get(entryId(tenant, key));
      if (!entry || entry.expiresAt <= now) {
        absent.push(key);
        continue;
      }

      entry.ttlSeconds = this.retention.ttlSecondsFor(tenant);
      entry.expiresAt = this.retention.expiryFrom(tenant, now);
    }

    return absent;
  }

  async purgeExpired(now: Date = this.clock()): Promise<number> {
    let purged = 0;

    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now) {
        continue;
      }

      this.entries.delete(id);
      this.purged.add(id);
      this.forgetQueries(entry.tenant, entry.key);
      this.record('purge', entry.tenant, entry.key, 'retention', now, null);
      purged += 1;
    }

    return purged;
  }

  async stats(tenant: string): Promise<OriginalStoreStats> {
    const now = this.clock();
    const stats: OriginalStoreStats = {
      tenant,
      ttlSeconds: this.retention.ttlSecondsFor(tenant),
      entries: 0,
      expiredPending: 0,
      contentBytes: 0,
      originalTokens: 0,
      compressedTokens: 0,
      retrievals: 0,
      recentRetrievals: [],
    };

    for (const entry of this.entries.values()) {
      if (entry.tenant !== tenant) {
        continue;
      }
      if (entry.expiresAt <= now) {
        stats.expiredPending += 1;
        continue;
      }

      stats.entries += 1;
      stats.contentBytes += entry.contentBytes;
      stats.originalTokens += entry.tokensBefore ?? 0;
      stats.compressedTokens += entry.tokensAfter ?? 0;
      stats.retrievals += entry.retrievalCount;
    }

    stats.recentRetrievals = this.audit
      .filter((item) => item.tenant === tenant && item.event === 'retrieve')
      .slice(-RECENT_RETRIEVALS)
      .reverse()
      .map((item) => {
        const entry = this.entries.get(entryId(tenant, item.key));

        return {
          key: item.key,
          at: item.at,
          toolName: entry?.toolName ?? null,
          itemCount: entry?.itemCount ?? null,
          keptCount: entry?.keptCount ?? null,
          retrieval: item.retrieval && { ...item.retrieval },
        };
      });

    return stats;
  }

  async auditEvents(since: Date, until: Date): Promise<AuditEntry[]> {
    return this.auditTrail().filter((entry) => entry.at >= since && entry.at < until);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  /** A copy of the audit trail, oldest first, as an export sees it. */
  auditTrail(): AuditEntry[] {
    return this.audit.map(({ retrieval, ...entry }) => {
      if (!retrieval) {
        return { ...entry, retrieval: null };
      }
      const { query: _query, ...withoutQuery } = retrieval;

      return { ...entry, retrieval: withoutQuery };
    });
  }

  private record(
    event: AuditEventName,
    tenant: string,
    key: string,
    actor: string | null,
    at: Date,
    retrieval: RetrievalDetail | null,
  ): void {
    this.audit.push({ event, tenant, key, actor, at, retrieval });
  }

  // The query text lives as long as the original (see AUDIT_QUERY_MAX_CHARS).
  private forgetQueries(tenant: string, key: string): void {
    for (const item of this.audit) {
      if (item.tenant === tenant && item.key === key && item.retrieval?.query) {
        item.retrieval = { ...item.retrieval, query: null };
      }
    }
  }
}

// NUL cannot occur in a tenant name taken from a header, so ids never collide.
function entryId(tenant: string, key: string): string {
  return `${tenant}\u0000${key}`;
}

function toStored(entry: Entry): StoredOriginal {
  return {
    key: entry.key,
    tenant: entry.tenant,
    content: entry.content,
    kind: entry.kind,
    compressor: entry.compressor,
    itemCount: entry.itemCount,
    keptCount: entry.keptCount,
    toolName: entry.toolName,
    tokensBefore: entry.tokensBefore,
    tokensAfter: entry.tokensAfter,
    createdAt: entry.createdAt,
    expiresAt: entry.expiresAt,
    lastAccessedAt: entry.lastAccessedAt,
    retrievalCount: entry.retrievalCount,
  };
}
