import {
  type LookupResult,
  type OriginalMetadata,
  type OriginalRecord,
  type RetrievalIntent,
  type StoredOriginal,
  isContentKind,
} from '@headroom/contracts';
import {
  type AuditEntry,
  type AuditEventName,
  describeRequest,
  describeRetrieval,
  isAuditEventName,
  isRetrievalType,
  type Clock,
  type ManagedOriginalStore,
  type OriginalStoreStats,
  RetentionPolicy,
  type RetrievalDetail,
  systemClock,
} from '@headroom/ccr';
import type { DatabaseProvider } from './database-target';
import type { Original, PrismaClient } from './generated/sqlite/client';
import { SerialQueue } from './serial.queue';
import {
  classifyStorageError,
  type HealthReporting,
  type StorageFault,
  type StorageHealth,
} from './storage-health';
import { SqliteFiles, StorageUnavailableError, WriteOutcomeTracker } from './write-outcome.tracker';

/**
 * The slice of a generated client the store uses. Typed with the SQLite
 * client; the PostgreSQL client has the same models and differs only in the
 * audit id (bigint there), which the store never reads.
 */
export type CcrDatabase = Pick<
  PrismaClient,
  'original' | 'auditEvent' | '$transaction' | '$disconnect' | '$queryRawUnsafe'
>;

/**
 * SQLite: the one connection of a file, shared by every store on it. A
 * COMMIT that fails (disk full, I/O error) leaves SQLite inside the
 * transaction and Prisma's adapter holding its transaction lock, so every
 * later call would hang; `reopen` replaces the connection instead.
 */
export type SharedSqliteConnection = {
  current(): CcrDatabase;
  reopen(): Promise<void>;
};

export type PrismaOriginalStoreOptions = {
  db: CcrDatabase;
  provider: DatabaseProvider;
  retention?: RetentionPolicy;
  clock?: Clock;
  /** SQLite: the queue of the one connection this store shares (see SerialQueue). */
  queue?: SerialQueue;
  /** Releases the connection; defaults to disconnecting the client. */
  release?: () => Promise<void>;
  /** SQLite: the database file, checked before every call (see SqliteFiles). */
  sqlitePath?: string;
  /** SQLite: the shared connection, replaced after a failed write (see SharedSqliteConnection). */
  connection?: SharedSqliteConnection;
};

const PURGE_BATCH = 200;
const REFRESH_SLICE = 500;
const RECENT_RETRIEVALS = 10;
const SAVE_ATTEMPTS = 3;
const HEALTH_TIMEOUT_MS = 1_000;
// SQLite waits for a busy file synchronously (see SQLITE_CALL_BUSY_TIMEOUT_MS),
// so a locked database is waited for here instead, between short attempts,
// with the event loop free. The budget stays under the pipeline's 3 s bound
// on a save, so a save that can succeed does so before the pipeline gives up.
const BUSY_RETRY_BUDGET_MS = 2_000;
const BUSY_RETRY_DELAYS_MS = [20, 50, 100, 200, 400];

/**
 * The durable CCR store over Prisma, for SQLite (embedded) and PostgreSQL
 * (distributed). Construct it with `openOriginalStore`, which migrates the
 * database first. Every store, retrieval, miss, expiry and purge is written to
 * the audit table in the same transaction as the change it records.
 */
export class PrismaOriginalStore implements ManagedOriginalStore, HealthReporting {
  readonly provider: DatabaseProvider;
  private readonly fixedDb: CcrDatabase;
  private readonly connection: SharedSqliteConnection | undefined;
  private readonly retention: RetentionPolicy;
  private readonly clock: Clock;
  private readonly queue: SerialQueue | undefined;
  private readonly release: () => Promise<void>;
  private readonly files: SqliteFiles | undefined;
  private readonly writes = new WriteOutcomeTracker();
  private closed = false;

  constructor(options: PrismaOriginalStoreOptions) {
    this.fixedDb = options.db;
    this.connection = options.connection;
    this.provider = options.provider;
    this.retention = options.retention ?? new RetentionPolicy();
    this.clock = options.clock ?? systemClock;
    this.queue = options.queue ?? (options.provider === 'sqlite' ? new SerialQueue() : undefined);
    this.release = options.release ?? (() => this.db.$disconnect());
    this.files = options.sqlitePath ? new SqliteFiles(options.sqlitePath) : undefined;
  }

  private get db(): CcrDatabase {
    return this.connection?.current() ?? this.fixedDb;
  }

  /** Resolves once every record and its audit row are committed. */
  save(records: readonly OriginalRecord[], metadata: OriginalMetadata): Promise<void> {
    if (records.length === 0) {
      return Promise.resolve();
    }

    const mark = this.writes.mark();

    return this.writes.track(
      () =>
        this.exclusive(() => {
          const fault = this.writes.failedSince(mark);

          return fault
            ? Promise.reject(new StorageUnavailableError(fault))
            : this.saveWithRetry(records, metadata);
        }),
      { failFast: true },
    );
  }

  // A lookup writes too (sliding expiry, audit row), so its outcome counts;
  // it is always tried, though: a retrieval is worth a wait a save is not.
  // It is never served without those writes: an original read while the
  // database refuses writes would leave no audit row and no slid expiry, so a
  // fault is StorageUnavailableError and the caller retries.
  lookup(
    tenant: string,
    key: string,
    actor?: string,
    intent?: RetrievalIntent,
  ): Promise<LookupResult> {
    return this.writes
      .track(() => this.exclusive(() => this.lookupNow(tenant, key, actor ?? null, intent ?? {})), {
        failFast: false,
      })
      .catch(unavailableOnFault);
  }

  /**
   * Slides the expiry of the live rows among `keys` (no retrieval is counted
   * or audited: a replayed marker is not a retrieval) and returns the keys
   * with no live row, in one transaction of one update and one read per
   * slice of keys.
   */
  refresh(tenant: string, keys: readonly string[]): Promise<string[]> {
    const wanted = [...new Set(keys)];
    if (wanted.length === 0) {
      return Promise.resolve([]);
    }

    return this.writes.track(() => this.exclusive(() => this.refreshNow(tenant, wanted)), {
      failFast: false,
    });
  }

  purgeExpired(now?: Date): Promise<number> {
    return this.writes.track(() => this.exclusive(() => this.purgeNow(now ?? this.clock())), {
      failFast: false,
    });
  }

  /**
   * `SELECT 1` within `timeoutMs` says whether the database answers; the
   * latest write says whether it takes writes. A write that failed keeps the
   * store degraded until a later one commits (the next save tries).
   */
  async health(timeoutMs = HEALTH_TIMEOUT_MS): Promise<StorageHealth> {
    const provider = this.provider;
    if (this.files?.isUnwritable()) {
      return { status: 'degraded', provider, reason: 'read_only' };
    }

    try {
      await boundedBy(this.db.$queryRawUnsafe('SELECT 1'), timeoutMs);
    } catch (error) {
      return { status: 'down', provider, reason: downReason(error) };
    }

    const fault = this.writes.latestFault;

    return fault ? { status: 'degraded', provider, reason: fault } : { status: 'up', provider };
  }

  writeFailures(): ReadonlyMap<StorageFault, number> {
    return this.writes.counts();
  }

  stats(tenant: string): Promise<OriginalStoreStats> {
    return this.exclusive(() => this.statsNow(tenant)).catch(unavailableOnFault);
  }

  // TODO(#4): one window is read at once; page it if exports grow past memory.
  auditEvents(since: Date, until: Date): Promise<AuditEntry[]> {
    return this.exclusive(async () => {
      const rows = await this.db.auditEvent.findMany({
        where: { at: { gte: since, lt: until } },
        orderBy: { id: 'asc' },
        select: { event: true, tenant: true, key: true, actor: true, at: true, ...DETAIL_COLUMNS },
      });

      return rows.flatMap(({ event, tenant, key, actor, at, ...columns }) => {
        if (!isAuditEventName(event)) {
          return [];
        }
        const detail = toDetail(columns);
        const retrieval = detail && {
          type: detail.type,
          queryDigest: detail.queryDigest,
          itemsServed: detail.itemsServed,
          totalItems: detail.totalItems,
        };

        return [{ event, tenant, key, actor, at, retrieval }];
      });
    });
  }

  /** Waits for calls in flight, then releases the connection. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }

    this.closed = true;
    await this.exclusive(() => this.release());
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    if (!this.queue) {
      return task();
    }

    return this.queue.run(async () => {
      try {
        return await this.whileBusy(() => this.guarded(task));
      } catch (error) {
        await this.reopenAfter(error);
        throw error;
      }
    });
  }

  // Inside the queue, so no other call is using the connection being replaced.
  private async reopenAfter(error: unknown): Promise<void> {
    if (!this.connection || this.closed || error instanceof StorageUnavailableError) return;
    // Answers Prisma gives for a query that ran fine: the connection is sound.
    if (['P2002', 'P2025'].includes(prismaCode(error) ?? '')) return;
    if (classifyStorageError(error) === 'locked') return;

    await this.connection.reopen().catch(() => undefined);
  }

  private guarded<T>(task: () => Promise<T>): Promise<T> {
    if (this.files?.isUnwritable()) {
      return Promise.reject(new StorageUnavailableError('read_only'));
    }

    return task();
  }

  // A failed SQLite transaction is rolled back whole, so running it again is safe.
  private async whileBusy<T>(task: () => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + BUSY_RETRY_BUDGET_MS;

    for (let attempt = 0; ; attempt += 1) {
      try {
        return await task();
      } catch (error) {
        const delay = BUSY_RETRY_DELAYS_MS[Math.min(attempt, BUSY_RETRY_DELAYS_MS.length - 1)];
        if (classifyStorageError(error) !== 'locked' || Date.now() + delay > giveUpAt) {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  // Two replicas inserting the same new key can both miss the row and one
  // then violates the primary key; the second attempt finds it and updates.
  private async saveWithRetry(
    records: readonly OriginalRecord[],
    metadata: OriginalMetadata,
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.saveNow(records, metadata);

        return;
      } catch (error) {
        if (prismaCode(error) !== 'P2002' || attempt >= SAVE_ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  private async saveNow(records: readonly OriginalRecord[], metadata: OriginalMetadata) {
    const now = this.clock();
    const { tenant } = metadata;
    const ttlSeconds = this.retention.ttlSecondsFor(tenant);
    const expiresAt = this.retention.expiryFrom(tenant, now);

    // The key is the content's hash, so an existing row already holds this
    // content: saving again only extends its life.
    const upserts = records.map((record) =>
      this.db.original.upsert({
        where: { tenant_key: { tenant, key: record.key } },
        update: { expiresAt, ttlSeconds },
        create: {
          tenant,
          key: record.key,
          content: record.content,
          compressed: record.compressed ?? null,
          kind: record.kind,
          compressor: record.compressor,
          toolName: metadata.toolName ?? null,
          tokensBefore: record.tokensBefore ?? metadata.tokensBefore ?? null,
          tokensAfter: record.tokensAfter ?? metadata.tokensAfter ?? null,
          itemCount: record.itemCount ?? null,
          keptCount: record.keptCount ?? null,
          contentBytes: Buffer.byteLength(record.content, 'utf8'),
          ttlSeconds,
          createdAt: now,
          expiresAt,
        },
        select: { key: true },
      }),
    );
    const audit = this.db.auditEvent.createMany({
      data: records.map((record) =>
        auditRow('store', tenant, record.key, metadata.requestId ?? null, now, null),
      ),
    });

    await this.db.$transaction([...upserts, audit]);
  }

  private async lookupNow(
    tenant: string,
    key: string,
    actor: string | null,
    intent: RetrievalIntent,
  ): Promise<LookupResult> {
    const now = this.clock();
    const ttlSeconds = this.retention.ttlSecondsFor(tenant);

    try {
      // One transaction: refresh only a live row (BL-07: access slides the
      // expiry) and audit the retrieval, counted from the content it read.
      // No live row rolls both back.
      const original = await this.db.$transaction(async (tx) => {
        const row = await tx.original.update({
          where: { tenant_key: { tenant, key }, expiresAt: { gt: now } },
          data: {
            retrievalCount: { increment: 1 },
            lastAccessedAt: now,
            expiresAt: this.retention.expiryFrom(tenant, now),
            ttlSeconds,
          },
        });
        const detail = describeRetrieval(tenant, row.content, intent);
        await tx.auditEvent.create({
          data: auditRow('retrieve', tenant, key, actor, now, detail),
        });

        return row;
      });

      return { status: 'found', original: toStored(original) };
    } catch (error) {
      if (prismaCode(error) !== 'P2025') {
        throw error;
      }
    }

    return this.lookupDead(tenant, key, actor, now, ttlSeconds, describeRequest(tenant, intent));
  }

  // Keys go in slices, so a long session stays under the databases' limits
  // on bound parameters (SQLite and PostgreSQL alike); a few hundred keys
  // are one update and one read.
  private async refreshNow(tenant: string, keys: string[]): Promise<string[]> {
    const now = this.clock();
    const data = {
      expiresAt: this.retention.expiryFrom(tenant, now),
      ttlSeconds: this.retention.ttlSecondsFor(tenant),
    };
    const queries = [];
    for (let start = 0; start < keys.length; start += REFRESH_SLICE) {
      const live = {
        tenant,
        key: { in: keys.slice(start, start + REFRESH_SLICE) },
        expiresAt: { gt: now },
      };
      queries.push(
        this.db.original.updateMany({ where: live, data }),
        this.db.original.findMany({ where: live, select: { key: true } }),
      );
    }
    const results = await this.db.$transaction(queries);
    const found = new Set(
      results.flatMap((result) => (Array.isArray(result) ? result.map((row) => row.key) : [])),
    );

    return keys.filter((key) => !found.has(key));
  }

  // No live row: expired (still there, or purged earlier) or never stored.
  private async lookupDead(
    tenant: string,
    key: string,
    actor: string | null,
    now: Date,
    policyTtlSeconds: number,
    detail: RetrievalDetail,
  ): Promise<LookupResult> {
    const stale = await this.db.original.findUnique({
      where: { tenant_key: { tenant, key } },
      select: { ttlSeconds: true },
    });
    const purged = stale
      ? null
      : await this.db.auditEvent.findFirst({
          where: { tenant, key, event: 'purge' },
          select: { at: true },
        });

    if (stale || purged) {
      await this.db.auditEvent.create({
        data: auditRow('expired', tenant, key, actor, now, detail),
      });

      return { status: 'expired', key, ttlSeconds: stale?.ttlSeconds ?? policyTtlSeconds };
    }

    await this.db.auditEvent.create({ data: auditRow('miss', tenant, key, actor, now, detail) });

    return { status: 'missing', key };
  }

  private async purgeNow(now: Date): Promise<number> {
    let purged = 0;

    for (;;) {
      const candidates = await this.db.original.findMany({
        where: { expiresAt: { lte: now } },
        select: { tenant: true, key: true },
        take: PURGE_BATCH,
      });
      if (candidates.length === 0) {
        return purged;
      }

      purged += await this.purgeBatch(candidates, now);
      if (candidates.length < PURGE_BATCH) {
        return purged;
      }
    }
  }

  // Row by row, re-checking the expiry in the DELETE itself: a row that a
  // concurrent save revived after it was listed survives and is not audited.
  private async purgeBatch(
    candidates: readonly { tenant: string; key: string }[],
    now: Date,
  ): Promise<number> {
    return this.db.$transaction(async (tx) => {
      const deleted: { tenant: string; key: string }[] = [];

      for (const row of candidates) {
        const result = await tx.original.deleteMany({
          where: { tenant: row.tenant, key: row.key, expiresAt: { lte: now } },
        });
        if (result.count > 0) {
          deleted.push(row);
          // A search's text lives only as long as its original (see AUDIT_QUERY_MAX_CHARS).
          await tx.auditEvent.updateMany({
            where: { tenant: row.tenant, key: row.key, query: { not: null } },
            data: { query: null },
          });
        }
      }

      if (deleted.length > 0) {
        await tx.auditEvent.createMany({
          data: deleted.map((row) =>
            auditRow('purge', row.tenant, row.key, 'retention', now, null),
          ),
        });
      }

      return deleted.length;
    });
  }

  private async statsNow(tenant: string): Promise<OriginalStoreStats> {
    const now = this.clock();
    const live = await this.db.original.aggregate({
      where: { tenant, expiresAt: { gt: now } },
      _count: { _all: true },
      _sum: { contentBytes: true, tokensBefore: true, tokensAfter: true, retrievalCount: true },
    });
    const expiredPending = await this.db.original.count({
      where: { tenant, expiresAt: { lte: now } },
    });
    const recent = await this.db.auditEvent.findMany({
      where: { tenant, event: 'retrieve' },
      orderBy: { id: 'desc' },
      take: RECENT_RETRIEVALS,
      select: { key: true, at: true, query: true, ...DETAIL_COLUMNS },
    });
    const details = await this.db.original.findMany({
      where: { tenant, key: { in: [...new Set(recent.map((event) => event.key))] } },
      select: { key: true, toolName: true, itemCount: true, keptCount: true },
    });
    const byKey = new Map(details.map((detail) => [detail.key, detail]));

    return {
      tenant,
      ttlSeconds: this.retention.ttlSecondsFor(tenant),
      entries: live._count._all,
      expiredPending,
      contentBytes: Number(live._sum.contentBytes ?? 0),
      originalTokens: Number(live._sum.tokensBefore ?? 0),
      compressedTokens: Number(live._sum.tokensAfter ?? 0),
      retrievals: Number(live._sum.retrievalCount ?? 0),
      recentRetrievals: recent.map(({ key, at, ...columns }) => ({
        key,
        at,
        toolName: byKey.get(key)?.toolName ?? null,
        itemCount: byKey.get(key)?.itemCount ?? null,
        keptCount: byKey.get(key)?.keptCount ?? null,
        retrieval: toDetail(columns),
      })),
    };
  }
}

// The query text is selected only where it is shown (stats), never for exports.
const DETAIL_COLUMNS = {
  retrievalType: true,
  queryDigest: true,
  itemsServed: true,
  totalItems: true,
} as const;

type DetailColumns = {
  retrievalType: string | null;
  query?: string | null;
  queryDigest: string | null;
  itemsServed: number | null;
  totalItems: number | null;
};

function auditRow(
  event: AuditEventName,
  tenant: string,
  key: string,
  actor: string | null,
  at: Date,
  detail: RetrievalDetail | null,
) {
  return {
    event,
    tenant,
    key,
    actor,
    at,
    retrievalType: detail?.type ?? null,
    query: detail?.query ?? null,
    queryDigest: detail?.queryDigest ?? null,
    itemsServed: detail?.itemsServed ?? null,
    totalItems: detail?.totalItems ?? null,
  };
}

// Rows written before the detail existed have no type: they say nothing about how.
function toDetail(columns: DetailColumns): RetrievalDetail | null {
  if (!isRetrievalType(columns.retrievalType)) {
    return null;
  }

  return {
    type: columns.retrievalType,
    query: columns.query ?? null,
    queryDigest: columns.queryDigest,
    itemsServed: columns.itemsServed,
    totalItems: columns.totalItems,
  };
}

function boundedBy<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`probe did not finish within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });

  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

// A fault the storage layer can name (locked, full, read-only, unreachable,
// timeout) becomes StorageUnavailableError; anything else stays what it is.
function unavailableOnFault(error: unknown): never {
  const fault = classifyStorageError(error);

  if (error instanceof StorageUnavailableError || fault === 'error') {
    throw error;
  }

  throw new StorageUnavailableError(fault, { cause: error });
}

// A probe that fails for a reason we cannot name still means "not answering".
function downReason(error: unknown): StorageFault {
  const fault = classifyStorageError(error);

  return fault === 'error' ? 'unreachable' : fault;
}

function prismaCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;

  return typeof code === 'string' ? code : undefined;
}

function toStored(row: Original): StoredOriginal {
  return {
    key: row.key,
    tenant: row.tenant,
    content: row.content,
    kind: isContentKind(row.kind) ? row.kind : 'unknown',
    compressor: row.compressor,
    itemCount: row.itemCount,
    keptCount: row.keptCount,
    toolName: row.toolName,
    tokensBefore: row.tokensBefore,
    tokensAfter: row.tokensAfter,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastAccessedAt: row.lastAccessedAt,
    retrievalCount: row.retrievalCount,
  };
}
