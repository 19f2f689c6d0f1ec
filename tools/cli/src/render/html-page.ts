import { escapeHtml } from './number-format';

// Everything inline: reports are mailed around and opened on machines with no
// network, so the page must not reference a single external asset.
const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1000px;color:#1d2530;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #dde2e8;padding-bottom:.25rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{padding:.3rem .5rem;border-bottom:1px solid #eef1f4;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f5f7f9}
.cards{display:flex;flex-wrap:wrap;gap:.75rem}.card{border:1px solid #dde2e8;border-radius:6px;padding:.6rem .9rem;min-width:150px}
.card b{display:block;font-size:1.3rem}.muted,.empty{color:#66707c}
figure.chart{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.25rem}
svg text{font-size:12px;fill:#1d2530}.legend span{margin-right:1rem}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
`;

export type HtmlSection = { title: string; body: string };

/** A complete standalone HTML document. `body` parts are trusted HTML built by the renderers. */
export function htmlPage(title: string, intro: string, sections: readonly HtmlSection[]): string {
  const parts = sections.map((section) => `<h2>${escapeHtml(section.title)}</h2>\n${section.body}`);

  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    intro,
    ...parts,
    '</body></html>',
    '',
  ].join('\n');
}

export function htmlTable(
  headers: readonly string[],
  rows: readonly (string | number)[][],
): string {
  if (rows.length === 0) {
    return '<p class="empty">none</p>';
  }

  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(String(cell))}</td>`).join('')}</tr>`)
    .join('\n');

  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function cards(items: readonly { label: string; value: string }[]): string {
  const inner = items
    .map(
      (item) =>
        `<div class="card"><span class="muted">${escapeHtml(item.label)}</span><b>${escapeHtml(item.value)}</b></div>`,
    )
    .join('');

  return `<div class="cards">${inner}</div>`;
}
