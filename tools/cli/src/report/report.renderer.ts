import { cards, htmlPage, htmlTable } from '../render/html-page';
import {
  csvField,
  escapeHtml,
  formatDollars,
  formatInteger,
  formatPercent,
} from '../render/number-format';
import { barChart, columnChart } from '../render/svg-charts';
import type { ComplianceReport, TenantFigures } from './compliance-report';

export type ReportFormat = 'json' | 'csv' | 'html';

export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'csv', 'html'];

const CSV_COLUMNS = [
  'tenant',
  'requests',
  'failed_requests',
  'fail_open_requests',
  'tokens_processed',
  'tokens_forwarded',
  'tokens_avoided',
  'cached_tokens',
  'usd_saved',
  'bytes_received',
  'bytes_forwarded',
  'bytes_not_sent',
  'ccr_stores',
  'ccr_retrievals',
  'ccr_full_reads',
  'ccr_searches',
  'ccr_misses',
  'ccr_expired',
  'ccr_purges',
  'originals_held',
  'originals_held_bytes',
  'retention_ttl_seconds',
];

export function renderReport(report: ComplianceReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return reportCsv(report);
    case 'html':
      return reportHtml(report);
  }
}

function csvRow(figures: TenantFigures): (string | number)[] {
  return [
    figures.tenant,
    figures.requests,
    figures.failedRequests,
    figures.failOpenRequests,
    figures.tokensProcessed,
    figures.tokensForwarded,
    figures.tokensAvoided,
    figures.cachedTokens,
    figures.dollarsSaved.toFixed(6),
    figures.bytesReceived,
    figures.bytesForwarded,
    figures.bytesNotSent,
    figures.ccr.stores,
    figures.ccr.retrievals,
    figures.ccr.fullReads,
    figures.ccr.searches,
    figures.ccr.misses,
    figures.ccr.expired,
    figures.ccr.purges,
    figures.originalsHeld,
    figures.originalsHeldBytes,
    figures.retentionTtlSeconds,
  ];
}

/** One row per tenant plus a `*` row with the totals; the window is in the comment-free header. */
function reportCsv(report: ComplianceReport): string {
  const total: TenantFigures = {
    ...report.totals,
    tenant: '*',
    retentionTtlSeconds: report.retention.defaultTtlSeconds,
  };
  const lines = [
    ['window_from', 'window_to', ...CSV_COLUMNS],
    ...[...report.tenants, total].map((figures) => [
      report.window.from,
      report.window.to,
      ...csvRow(figures),
    ]),
  ];

  return `${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;

  return `${seconds} s`;
}

function reportHtml(report: ComplianceReport): string {
  const { totals } = report;
  const intro =
    `<p class="muted">Window ${escapeHtml(report.window.from)} to ${escapeHtml(report.window.to)}` +
    `${report.tenantFilter ? ` · tenant ${escapeHtml(report.tenantFilter)}` : ' · all tenants'}` +
    ` · database ${escapeHtml(report.database)} · generated ${escapeHtml(report.generatedAt)}` +
    ` · list prices as of ${escapeHtml(report.prices.asOf)} (${escapeHtml(report.prices.source)})</p>` +
    cards([
      { label: 'requests', value: formatInteger(totals.requests) },
      { label: 'tokens processed', value: formatInteger(totals.tokensProcessed) },
      {
        label: 'tokens avoided',
        value: `${formatInteger(totals.tokensAvoided)} (${formatPercent(totals.tokensAvoided, totals.tokensProcessed)})`,
      },
      { label: 'money saved', value: formatDollars(totals.dollarsSaved) },
      { label: 'bytes not sent upstream', value: formatInteger(totals.bytesNotSent) },
    ]);

  const tokens = htmlTable(
    ['tenant', 'requests', 'tokens processed', 'forwarded', 'avoided', 'cached', 'money saved'],
    report.tenants.map((row) => [
      row.tenant,
      formatInteger(row.requests),
      formatInteger(row.tokensProcessed),
      formatInteger(row.tokensForwarded),
      formatInteger(row.tokensAvoided),
      formatInteger(row.cachedTokens),
      formatDollars(row.dollarsSaved),
    ]),
  );
  const minimisation = htmlTable(
    ['tenant', 'bytes received', 'bytes forwarded', 'bytes not sent', 'fail-open requests'],
    report.tenants.map((row) => [
      row.tenant,
      formatInteger(row.bytesReceived),
      formatInteger(row.bytesForwarded),
      formatInteger(row.bytesNotSent),
      formatInteger(row.failOpenRequests),
    ]),
  );
  const ccr = htmlTable(
    [
      'tenant',
      'stores',
      'retrievals',
      'full reads',
      'searches',
      'misses',
      'expired',
      'purges',
      'held now',
      'held bytes',
    ],
    report.tenants.map((row) => [
      row.tenant,
      formatInteger(row.ccr.stores),
      formatInteger(row.ccr.retrievals),
      formatInteger(row.ccr.fullReads),
      formatInteger(row.ccr.searches),
      formatInteger(row.ccr.misses),
      formatInteger(row.ccr.expired),
      formatInteger(row.ccr.purges),
      formatInteger(row.originalsHeld),
      formatInteger(row.originalsHeldBytes),
    ]),
  );
  const retention =
    `<p>Default CCR retention: ${duration(report.retention.defaultTtlSeconds)} after the last store or retrieval ` +
    '(HEADROOM_CCR_TTL; per tenant: HEADROOM_CCR_TTL_BY_TENANT), enforced by the retention sweep.</p>' +
    htmlTable(
      ['tenant', 'TTL'],
      Object.entries(report.retention.byTenant).map(([tenant, ttl]) => [tenant, duration(ttl)]),
    );

  return htmlPage('Headroom compliance report', intro, [
    {
      title: 'Tokens processed and avoided',
      body:
        columnChart(
          'Per day: tokens processed and avoided',
          ['processed', 'avoided'],
          report.daily.map((day) => ({
            label: day.day,
            values: [day.tokensProcessed, day.tokensAvoided],
          })),
        ) +
        barChart(
          'Tokens avoided by tenant',
          report.tenants.map((row) => ({ label: row.tenant, value: row.tokensAvoided })),
        ) +
        tokens,
    },
    { title: 'Data minimisation', body: minimisation },
    {
      title: 'CCR audit trail',
      body:
        barChart(
          'CCR events in the window',
          (['stores', 'retrievals', 'misses', 'expired', 'purges'] as const).map((field) => ({
            label: field,
            value: totals.ccr[field],
          })),
        ) +
        '<p>Retrievals split into full reads of an original and searches within one ' +
        '(only the matching items served); retrievals recorded before the split are in neither.</p>' +
        ccr,
    },
    { title: 'Retention policies in force', body: retention },
  ]);
}
