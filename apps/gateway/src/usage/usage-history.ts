import type { UsageRow } from '@headroom/storage';
import { dollars, priceFor } from '@headroom/tokens';

export type HistorySeries = 'hourly' | 'daily';

export const HISTORY_SERIES: readonly HistorySeries[] = ['hourly', 'daily'];

/** One period of one tenant's traffic. */
export type HistoryPoint = {
  period: string;
  tenant: string;
  requests: number;
  errors: number;
  fail_open: number;
  tokens_before: number;
  tokens_after: number;
  tokens_saved: number;
  cached_tokens: number;
  usd_saved: number;
  bytes_before: number;
  bytes_after: number;
  ccr_stored: number;
};

const HISTORY_COLUMNS: readonly (keyof HistoryPoint)[] = [
  'period',
  'tenant',
  'requests',
  'errors',
  'fail_open',
  'tokens_before',
  'tokens_after',
  'tokens_saved',
  'cached_tokens',
  'usd_saved',
  'bytes_before',
  'bytes_after',
  'ccr_stored',
];

/** Start of the UTC hour or day a moment falls in. */
export function periodStart(at: Date, series: HistorySeries): string {
  const iso = at.toISOString();

  return series === 'hourly'
    ? `${iso.slice(0, 13)}:00:00.000Z`
    : `${iso.slice(0, 10)}T00:00:00.000Z`;
}

/** Money saved on a row: the tokens it avoided at its model's input list price. */
export function usdSaved(row: Pick<UsageRow, 'model' | 'tokensBefore' | 'tokensAfter'>): number {
  const price = priceFor(row.model ?? undefined);

  return price ? dollars(row.tokensBefore - row.tokensAfter, price.input) : 0;
}

/** `kind:tokens` entries of a usage row, as the recorder writes them. */
export function compressorSavings(row: Pick<UsageRow, 'compressors'>): [string, number][] {
  return row.compressors.map((entry) => {
    const separator = entry.lastIndexOf(':');
    const saved = Number(entry.slice(separator + 1));

    return separator > 0 && Number.isFinite(saved)
      ? [entry.slice(0, separator), saved]
      : [entry, 0];
  });
}

// TODO(#7): bucketing happens here over every row of the window; at high
// volume it belongs in SQL (date_trunc / strftime), one query per backend.
/** Buckets rows by period and tenant, in time order (tenant order within a period). */
export function historyPoints(rows: readonly UsageRow[], series: HistorySeries): HistoryPoint[] {
  const points = new Map<string, HistoryPoint>();

  for (const row of rows) {
    const period = periodStart(row.at, series);
    const key = `${period}\u0000${row.tenant}`;
    let point = points.get(key);
    if (!point) {
      point = {
        period,
        tenant: row.tenant,
        requests: 0,
        errors: 0,
        fail_open: 0,
        tokens_before: 0,
        tokens_after: 0,
        tokens_saved: 0,
        cached_tokens: 0,
        usd_saved: 0,
        bytes_before: 0,
        bytes_after: 0,
        ccr_stored: 0,
      };
      points.set(key, point);
    }

    point.requests += 1;
    point.errors += row.status >= 500 ? 1 : 0;
    point.fail_open += row.failOpen ? 1 : 0;
    point.tokens_before += row.tokensBefore;
    point.tokens_after += row.tokensAfter;
    point.tokens_saved += row.tokensBefore - row.tokensAfter;
    point.cached_tokens += row.cachedTokens ?? 0;
    point.usd_saved += usdSaved(row);
    point.bytes_before += row.bytesBefore;
    point.bytes_after += row.bytesAfter;
    point.ccr_stored += row.ccrStored;
  }

  return [...points.values()].sort(
    (left, right) =>
      left.period.localeCompare(right.period) || left.tenant.localeCompare(right.tenant),
  );
}

function csvField(value: string | number): string {
  const text =
    typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(6) : String(value);

  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function historyCsv(points: readonly HistoryPoint[]): string {
  const lines = [
    HISTORY_COLUMNS.join(','),
    ...points.map((point) => HISTORY_COLUMNS.map((column) => csvField(point[column])).join(',')),
  ];

  return `${lines.join('\r\n')}\r\n`;
}
