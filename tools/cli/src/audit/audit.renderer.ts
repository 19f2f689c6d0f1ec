import { type HtmlSection, cards, htmlPage, htmlTable } from '../render/html-page';
import {
  escapeCell,
  escapeHtml,
  formatDollars,
  formatInteger,
  formatPercent,
} from '../render/number-format';
import { barChart } from '../render/svg-charts';
import type { AuditSummary, SavingsRow } from './audit-tally';

export type AuditFormat = 'md' | 'json' | 'html';

export const AUDIT_FORMATS: readonly AuditFormat[] = ['md', 'json', 'html'];

const TABLES = [
  { title: 'By model', field: 'byModel', unit: 'requests' },
  { title: 'By content type', field: 'byContentType', unit: 'blocks' },
  { title: 'By tool', field: 'byTool', unit: 'blocks' },
] as const;

export function renderAudit(summary: AuditSummary, format: AuditFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(summary, null, 2)}\n`;
    case 'md':
      return auditMarkdown(summary);
    case 'html':
      return auditHtml(summary);
  }
}

function rowCells(row: SavingsRow): string[] {
  return [
    row.key,
    formatInteger(row.count),
    formatInteger(row.tokensBefore),
    formatInteger(row.tokensAfter),
    formatInteger(row.tokensSaved),
    formatPercent(row.tokensSaved, row.tokensBefore),
    formatDollars(row.dollarsSaved),
  ];
}

function headers(unit: string): string[] {
  return ['', unit, 'tokens before', 'tokens after', 'tokens saved', 'saved %', 'money saved'];
}

// TODO(#9): model and tool names go into the tables as sent; a `|` in one
// breaks its row (the HTML report escapes them).
function auditMarkdown(summary: AuditSummary): string {
  const { totals, lines } = summary;
  const out = [
    '# Headroom audit',
    '',
    `File: \`${summary.file}\` · generated ${summary.generatedAt}`,
    `Prices: list input prices as of ${summary.prices.asOf} (${summary.prices.source})`,
    '',
    '| | |',
    '| --- | ---: |',
    `| requests audited | ${formatInteger(totals.requests)} |`,
    `| requests compression would change | ${formatInteger(totals.changedRequests)} |`,
    `| tokens before | ${formatInteger(totals.tokensBefore)} |`,
    `| tokens after | ${formatInteger(totals.tokensAfter)} |`,
    `| tokens saved | ${formatInteger(totals.tokensSaved)} (${totals.savingsPercent}%) |`,
    `| money saved (input) | ${formatDollars(totals.dollarsSaved)} |`,
    `| retrieval tool cost (inside "after") | ${formatInteger(totals.retrievalToolTokens)} tokens |`,
    `| lines rejected | ${formatInteger(lines.rejected)} |`,
    `| requests with an unpriced model | ${formatInteger(lines.unpriced)} |`,
  ];

  for (const table of TABLES) {
    out.push('', `## ${table.title}`, '');
    const rows = summary[table.field];
    if (rows.length === 0) {
      out.push('none');
      continue;
    }
    out.push(`| ${headers(table.unit).join(' | ')} |`, `| --- |${' ---: |'.repeat(6)}`);
    for (const row of rows) {
      out.push(`| ${rowCells(row).map(escapeCell).join(' | ')} |`);
    }
  }

  if (summary.rejected.length > 0) {
    out.push('', '## Rejected lines', '');
    for (const rejected of summary.rejected) {
      out.push(`- line ${rejected.line}: ${escapeCell(rejected.reason)}`);
    }
  }

  return `${out.join('\n')}\n`;
}

function auditHtml(summary: AuditSummary): string {
  const { totals, lines } = summary;
  const intro =
    `<p class="muted">File ${escapeHtml(summary.file)} · generated ${escapeHtml(summary.generatedAt)} · ` +
    `list input prices as of ${escapeHtml(summary.prices.asOf)} (${escapeHtml(summary.prices.source)})</p>` +
    cards([
      { label: 'requests', value: formatInteger(totals.requests) },
      { label: 'tokens before', value: formatInteger(totals.tokensBefore) },
      {
        label: 'tokens saved',
        value: `${formatInteger(totals.tokensSaved)} (${totals.savingsPercent}%)`,
      },
      { label: 'money saved', value: formatDollars(totals.dollarsSaved) },
      { label: 'lines rejected', value: formatInteger(lines.rejected) },
    ]);
  const sections: HtmlSection[] = TABLES.map((table) => {
    const rows = summary[table.field];
    const chart = barChart(
      `Tokens saved ${table.title.toLowerCase()}`,
      rows.slice(0, 12).map((row) => ({ label: row.key, value: row.tokensSaved })),
    );

    return { title: table.title, body: chart + htmlTable(headers(table.unit), rows.map(rowCells)) };
  });
  if (summary.rejected.length > 0) {
    sections.push({
      title: 'Rejected lines',
      body: htmlTable(
        ['line', 'reason'],
        summary.rejected.map((row) => [row.line, row.reason]),
      ),
    });
  }

  return htmlPage('Headroom audit', intro, sections);
}
