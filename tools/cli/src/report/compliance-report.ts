import { isRetrievalType, type RetentionPolicy } from '@headroom/ccr';
import type { AuditEventCount, StoredOriginalsCount, UsageRow } from '@headroom/storage';
import { PRICES_AS_OF, PRICES_SOURCE } from '@headroom/tokens';
import { inputDollars } from '../audit/audit-tally';

export type CcrActivity = {
  stores: number;
  /** Every retrieval; full reads and searches are the ones audited with their kind. */
  retrievals: number;
  fullReads: number;
  searches: number;
  misses: number;
  expired: number;
  purges: number;
};

export type TenantFigures = {
  tenant: string;
  requests: number;
  failedRequests: number;
  failOpenRequests: number;
  tokensProcessed: number;
  tokensForwarded: number;
  tokensAvoided: number;
  cachedTokens: number;
  dollarsSaved: number;
  bytesReceived: number;
  bytesForwarded: number;
  bytesNotSent: number;
  ccr: CcrActivity;
  originalsHeld: number;
  originalsHeldBytes: number;
  retentionTtlSeconds: number;
};

export type DailyFigures = {
  day: string;
  tokensProcessed: number;
  tokensAvoided: number;
  dollarsSaved: number;
};

export type ComplianceReport = {
  window: { from: string; to: string };
  tenantFilter: string | null;
  generatedAt: string;
  database: string;
  prices: { asOf: string; source: string };
  retention: { defaultTtlSeconds: number; byTenant: Record<string, number> };
  totals: Omit<TenantFigures, 'tenant' | 'retentionTtlSeconds'>;
  tenants: TenantFigures[];
  daily: DailyFigures[];
};

export type ReportInput = {
  from: Date;
  to: Date;
  tenant: string | undefined;
  database: string;
  usage: readonly UsageRow[];
  audit: readonly AuditEventCount[];
  held: readonly StoredOriginalsCount[];
  retention: RetentionPolicy;
  now?: Date;
};

const EVENT_FIELDS: Record<string, keyof CcrActivity> = {
  store: 'stores',
  retrieve: 'retrievals',
  miss: 'misses',
  expired: 'expired',
  purge: 'purges',
};

function emptyFigures(tenant: string, ttl: number): TenantFigures {
  return {
    tenant,
    requests: 0,
    failedRequests: 0,
    failOpenRequests: 0,
    tokensProcessed: 0,
    tokensForwarded: 0,
    tokensAvoided: 0,
    cachedTokens: 0,
    dollarsSaved: 0,
    bytesReceived: 0,
    bytesForwarded: 0,
    bytesNotSent: 0,
    ccr: { stores: 0, retrievals: 0, fullReads: 0, searches: 0, misses: 0, expired: 0, purges: 0 },
    originalsHeld: 0,
    originalsHeldBytes: 0,
    retentionTtlSeconds: ttl,
  };
}

/** Folds database rows into the figures a compliance officer reads, per tenant and in total. */
export function buildComplianceReport(input: ReportInput): ComplianceReport {
  const tenants = new Map<string, TenantFigures>();
  const figuresOf = (tenant: string) => {
    let figures = tenants.get(tenant);
    if (!figures) {
      figures = emptyFigures(tenant, input.retention.ttlSecondsFor(tenant));
      tenants.set(tenant, figures);
    }
    return figures;
  };
  const daily = new Map<string, DailyFigures>();

  for (const row of input.usage) {
    const figures = figuresOf(row.tenant);
    const avoided = row.tokensBefore - row.tokensAfter;
    const money = inputDollars(row.model ?? '', avoided);
    figures.requests += 1;
    figures.failedRequests += row.status >= 500 ? 1 : 0;
    figures.failOpenRequests += row.failOpen ? 1 : 0;
    figures.tokensProcessed += row.tokensBefore;
    figures.tokensForwarded += row.tokensAfter;
    figures.tokensAvoided += avoided;
    figures.cachedTokens += row.cachedTokens ?? 0;
    figures.dollarsSaved += money;
    figures.bytesReceived += row.bytesBefore;
    figures.bytesForwarded += row.bytesAfter;
    figures.bytesNotSent += row.bytesBefore - row.bytesAfter;

    const day = row.at.toISOString().slice(0, 10);
    const bucket = daily.get(day) ?? { day, tokensProcessed: 0, tokensAvoided: 0, dollarsSaved: 0 };
    bucket.tokensProcessed += row.tokensBefore;
    bucket.tokensAvoided += avoided;
    bucket.dollarsSaved += money;
    daily.set(day, bucket);
  }

  for (const entry of input.audit) {
    const field = EVENT_FIELDS[entry.event];
    if (field) figuresOf(entry.tenant).ccr[field] += entry.count;
    // Retrievals recorded before the audit trail said how count in neither.
    if (entry.event === 'retrieve' && isRetrievalType(entry.retrievalType)) {
      const kind = entry.retrievalType === 'full' ? 'fullReads' : 'searches';
      figuresOf(entry.tenant).ccr[kind] += entry.count;
    }
  }
  for (const entry of input.held) {
    const figures = figuresOf(entry.tenant);
    figures.originalsHeld += entry.originals;
    figures.originalsHeldBytes += entry.bytes;
  }

  const rows = [...tenants.values()].sort((left, right) => left.tenant.localeCompare(right.tenant));

  return {
    window: { from: input.from.toISOString(), to: input.to.toISOString() },
    tenantFilter: input.tenant ?? null,
    generatedAt: (input.now ?? new Date()).toISOString(),
    database: input.database,
    prices: { asOf: PRICES_AS_OF, source: PRICES_SOURCE },
    retention: {
      defaultTtlSeconds: input.retention.defaultTtlSeconds,
      byTenant: Object.fromEntries(rows.map((row) => [row.tenant, row.retentionTtlSeconds])),
    },
    totals: sumFigures(rows),
    tenants: rows,
    daily: [...daily.values()].sort((left, right) => left.day.localeCompare(right.day)),
  };
}

function sumFigures(rows: readonly TenantFigures[]): ComplianceReport['totals'] {
  const total = emptyFigures('', 0);
  for (const row of rows) {
    for (const key of NUMERIC_FIELDS) total[key] += row[key];
    for (const key of Object.keys(total.ccr) as (keyof CcrActivity)[]) {
      total.ccr[key] += row.ccr[key];
    }
  }
  const { tenant: _tenant, retentionTtlSeconds: _ttl, ...totals } = total;

  return totals;
}

const NUMERIC_FIELDS = [
  'requests',
  'failedRequests',
  'failOpenRequests',
  'tokensProcessed',
  'tokensForwarded',
  'tokensAvoided',
  'cachedTokens',
  'dollarsSaved',
  'bytesReceived',
  'bytesForwarded',
  'bytesNotSent',
  'originalsHeld',
  'originalsHeldBytes',
] as const;
