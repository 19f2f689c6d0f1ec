import { Injectable } from '@nestjs/common';
import type { UsageRow } from '@headroom/storage';
import { PRICES_AS_OF, PRICES_SOURCE, knownModels, priceFor } from '@headroom/tokens';
import { compressorSavings, historyPoints, usdSaved } from '../usage/usage-history';
import { UsageWriter } from '../usage/usage-writer.service';

const HOUR_MS = 3_600_000;
const RECENT_LIMIT = 50;

type Slice = { key: string; requests: number; tokensSaved: number; usdSaved: number };

/** What `/dashboard` draws: aggregates of the usage table and the CCR audit trail. */
export type DashboardData = {
  generatedAt: string;
  window: { from: string; to: string };
  available: boolean;
  totals: {
    requests: number;
    tokensBefore: number;
    tokensAfter: number;
    tokensSaved: number;
    usdSaved: number;
  };
  hourly: { period: string; tokensBefore: number; tokensAfter: number; tokensSaved: number }[];
  byCompressor: Slice[];
  byModel: Slice[];
  byTenant: Slice[];
  recent: {
    at: string;
    tenant: string;
    route: string;
    model: string | null;
    status: number;
    tokensBefore: number;
    tokensAfter: number;
    bytesBefore: number;
    bytesAfter: number;
    durationMs: number;
  }[];
  ccr: { event: string; count: number }[];
  prices: {
    asOf: string;
    source: string;
    models: {
      model: string;
      input: number;
      output: number;
      cacheRead: number;
      cacheWrite: number;
    }[];
  };
};

function addSlice(
  slices: Map<string, Slice>,
  key: string,
  requests: number,
  saved: number,
  usd: number,
): void {
  const slice = slices.get(key) ?? { key, requests: 0, tokensSaved: 0, usdSaved: 0 };
  slice.requests += requests;
  slice.tokensSaved += saved;
  slice.usdSaved += usd;
  slices.set(key, slice);
}

function sortedSlices(slices: Map<string, Slice>): Slice[] {
  return [...slices.values()].sort((left, right) => right.tokensSaved - left.tokensSaved);
}

@Injectable()
export class DashboardDataService {
  constructor(private readonly writer: UsageWriter) {}

  async load(hours: number, now: Date = new Date()): Promise<DashboardData> {
    const from = new Date(now.getTime() - hours * HOUR_MS);
    await this.writer.flush();
    const store = await this.writer.reader();
    const rows: UsageRow[] = store
      ? await store.list({ from, to: new Date(now.getTime() + 1) })
      : [];
    const ccr = store ? await store.auditCounts() : [];

    return {
      generatedAt: now.toISOString(),
      window: { from: from.toISOString(), to: now.toISOString() },
      available: store !== undefined,
      ...this.aggregate(rows),
      ccr: this.ccrTotals(ccr),
      prices: {
        asOf: PRICES_AS_OF,
        source: PRICES_SOURCE,
        models: knownModels().flatMap((model) => {
          const price = priceFor(model);
          return price ? [{ model, ...price }] : [];
        }),
      },
    };
  }

  private aggregate(rows: readonly UsageRow[]) {
    const byCompressor = new Map<string, Slice>();
    const byModel = new Map<string, Slice>();
    const byTenant = new Map<string, Slice>();
    const totals = { requests: 0, tokensBefore: 0, tokensAfter: 0, tokensSaved: 0, usdSaved: 0 };

    for (const row of rows) {
      const saved = row.tokensBefore - row.tokensAfter;
      const usd = usdSaved(row);
      totals.requests += 1;
      totals.tokensBefore += row.tokensBefore;
      totals.tokensAfter += row.tokensAfter;
      totals.tokensSaved += saved;
      totals.usdSaved += usd;
      addSlice(byModel, row.model ?? 'unknown', 1, saved, usd);
      addSlice(byTenant, row.tenant, 1, saved, usd);
      for (const [kind, tokens] of compressorSavings(row)) {
        const share = row.tokensBefore > row.tokensAfter && saved > 0 ? usd * (tokens / saved) : 0;
        addSlice(byCompressor, kind, 1, tokens, share);
      }
    }

    const hourly = new Map<string, DashboardData['hourly'][number]>();
    for (const point of historyPoints(rows, 'hourly')) {
      const entry = hourly.get(point.period) ?? {
        period: point.period,
        tokensBefore: 0,
        tokensAfter: 0,
        tokensSaved: 0,
      };
      entry.tokensBefore += point.tokens_before;
      entry.tokensAfter += point.tokens_after;
      entry.tokensSaved += point.tokens_saved;
      hourly.set(point.period, entry);
    }

    return {
      totals,
      hourly: [...hourly.values()],
      byCompressor: sortedSlices(byCompressor),
      byModel: sortedSlices(byModel),
      byTenant: sortedSlices(byTenant),
      recent: rows
        .slice(-RECENT_LIMIT)
        .reverse()
        .map((row) => ({
          at: row.at.toISOString(),
          tenant: row.tenant,
          route: row.route,
          model: row.model,
          status: row.status,
          tokensBefore: row.tokensBefore,
          tokensAfter: row.tokensAfter,
          bytesBefore: row.bytesBefore,
          bytesAfter: row.bytesAfter,
          durationMs: row.durationMs,
        })),
    };
  }

  private ccrTotals(counts: readonly { event: string; count: number }[]): DashboardData['ccr'] {
    const totals = new Map<string, number>(
      ['store', 'retrieve', 'miss', 'expired', 'purge'].map((event) => [event, 0]),
    );
    for (const entry of counts)
      totals.set(entry.event, (totals.get(entry.event) ?? 0) + entry.count);

    return [...totals].map(([event, count]) => ({ event, count }));
  }
}
