import { HEADERS } from '@headroom/contracts';

// The browser half of /dashboard. Plain JavaScript that builds SVG with DOM
// calls (never innerHTML with data), so tenant or model names cannot inject
// markup. Machines that run the gateway often have no internet: nothing here
// may load a script, font or stylesheet from anywhere.
const SCRIPT = String.raw`
'use strict';
const SVG = 'http://www.w3.org/2000/svg';
const PALETTE = ['#2f6fdf', '#1aa37a', '#e0892b', '#c2417a', '#7b5cd6', '#5b6b7a'];
const KEY_HEADER = '${HEADERS.key}';
const number = (value) => Math.round(value).toLocaleString('en-US');
const money = (value) => '$' + value.toFixed(Math.abs(value) > 0 && Math.abs(value) < 0.01 ? 4 : 2);

function node(name, attributes, text) {
  const element = name.startsWith('svg:')
    ? document.createElementNS(SVG, name.slice(4))
    : document.createElement(name);
  for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function finish(container, svg, count) {
  container.replaceChildren(svg);
  container.dataset.rendered = 'true';
  container.dataset.points = String(count);
}

function empty(container) {
  container.replaceChildren(node('p', { class: 'empty' }, 'no data yet'));
  container.dataset.rendered = 'true';
  container.dataset.points = '0';
}

function bars(container, rows, valueOf, labelOf, noteOf) {
  if (rows.length === 0) return empty(container);
  const labelWidth = 170, barWidth = 360, rowHeight = 22;
  const max = Math.max(1, ...rows.map((row) => Math.abs(valueOf(row))));
  const svg = node('svg:svg', { width: labelWidth + barWidth + 140, height: rows.length * rowHeight + 6, role: 'img' });
  rows.forEach((row, index) => {
    const y = index * rowHeight + 3;
    const width = Math.max(1, Math.round((Math.abs(valueOf(row)) / max) * barWidth));
    svg.append(node('svg:text', { x: labelWidth - 6, y: y + 14, 'text-anchor': 'end' }, labelOf(row)));
    const bar = node('svg:rect', { class: 'bar', x: labelWidth, y, width, height: rowHeight - 6, fill: PALETTE[index % PALETTE.length] });
    bar.append(node('svg:title', {}, labelOf(row) + ': ' + noteOf(row)));
    svg.append(bar);
    svg.append(node('svg:text', { x: labelWidth + width + 6, y: y + 14 }, noteOf(row)));
  });
  finish(container, svg, rows.length);
}

function timeline(container, points) {
  if (points.length === 0) return empty(container);
  const width = 720, height = 220, plot = 180;
  const max = Math.max(1, ...points.map((point) => point.tokensBefore));
  const slot = width / points.length, column = Math.max(2, slot * 0.38);
  const svg = node('svg:svg', { width, height, role: 'img' });
  points.forEach((point, index) => {
    [[point.tokensBefore, PALETTE[5], 'before'], [point.tokensAfter, PALETTE[0], 'after']].forEach(([value, fill, name], series) => {
      const columnHeight = Math.round((value / max) * plot);
      const bar = node('svg:rect', { class: 'bar', x: (index * slot + slot * 0.1 + series * column).toFixed(1), y: plot - columnHeight + 10, width: column.toFixed(1), height: columnHeight, fill });
      bar.append(node('svg:title', {}, point.period + ' ' + name + ': ' + number(value) + ' tokens'));
      svg.append(bar);
    });
  });
  svg.append(node('svg:line', { x1: 0, y1: plot + 10, x2: width, y2: plot + 10, stroke: '#999' }));
  svg.append(node('svg:text', { x: 0, y: height - 8 }, points[0].period.slice(0, 13) + 'h'));
  svg.append(node('svg:text', { x: width, y: height - 8, 'text-anchor': 'end' }, points[points.length - 1].period.slice(0, 13) + 'h'));
  finish(container, svg, points.length);
}

function table(container, headers, rows) {
  const head = node('tr');
  headers.forEach((header) => head.append(node('th', {}, header)));
  const body = rows.map((cells) => {
    const row = node('tr');
    cells.forEach((cell) => row.append(node('td', {}, String(cell))));
    return row;
  });
  const element = node('table');
  element.append(node('thead'), node('tbody'));
  element.tHead.append(head);
  element.tBodies[0].append(...body);
  container.replaceChildren(rows.length ? element : node('p', { class: 'empty' }, 'none yet'));
  container.dataset.rendered = 'true';
  container.dataset.points = String(rows.length);
}

function render(data) {
  const totals = data.totals;
  document.getElementById('total-requests').textContent = number(totals.requests);
  document.getElementById('total-saved').textContent = number(totals.tokensSaved) + ' tokens';
  document.getElementById('total-percent').textContent = totals.tokensBefore ? ((totals.tokensSaved / totals.tokensBefore) * 100).toFixed(1) + '%' : '0%';
  document.getElementById('total-money').textContent = money(totals.usdSaved);
  document.getElementById('window').textContent = data.window.from + ' to ' + data.window.to;
  timeline(document.getElementById('chart-time'), data.hourly);
  const saved = (row) => number(row.tokensSaved) + ' (' + money(row.usdSaved) + ')';
  bars(document.getElementById('chart-compressor'), data.byCompressor, (row) => row.tokensSaved, (row) => row.key, saved);
  bars(document.getElementById('chart-model'), data.byModel, (row) => row.tokensSaved, (row) => row.key, saved);
  bars(document.getElementById('chart-tenant'), data.byTenant, (row) => row.tokensSaved, (row) => row.key, saved);
  bars(document.getElementById('chart-ccr'), data.ccr.some((row) => row.count > 0) ? data.ccr : [], (row) => row.count, (row) => row.event, (row) => number(row.count));
  table(document.getElementById('recent'), ['at', 'tenant', 'route', 'model', 'status', 'tokens before', 'tokens after', 'saved', 'bytes in', 'bytes out', 'ms'],
    data.recent.map((row) => [row.at.slice(11, 19), row.tenant, row.route, row.model || '-', row.status, number(row.tokensBefore), number(row.tokensAfter), number(row.tokensBefore - row.tokensAfter), number(row.bytesBefore), number(row.bytesAfter), row.durationMs]));
  document.getElementById('prices-date').textContent = data.prices.asOf + ' (' + data.prices.source + ')';
  table(document.getElementById('prices'), ['model', 'input $/M', 'output $/M', 'cache read $/M', 'cache write $/M'],
    data.prices.models.map((row) => [row.model, row.input, row.output, +row.cacheRead.toFixed(4), +row.cacheWrite.toFixed(4)]));
  document.body.dataset.state = 'ready';
}

async function load() {
  const key = sessionStorage.getItem('headroom-key');
  const response = await fetch('/dashboard/data?hours=48', { headers: key ? { [KEY_HEADER]: key } : {} });
  if (response.status === 401 || response.status === 403) {
    document.getElementById('login').hidden = false;
    document.body.dataset.state = 'locked';
    return;
  }
  if (!response.ok) throw new Error('dashboard data: HTTP ' + response.status);
  render(await response.json());
}

document.getElementById('login').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem('headroom-key', document.getElementById('key').value);
  document.getElementById('login').hidden = true;
  load();
});

function refresh() {
  load().catch((error) => {
    document.getElementById('error').textContent = String(error.message || error);
    document.body.dataset.state = 'error';
  });
}
refresh();
setInterval(refresh, 30000);
`;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem auto;max-width:1150px;color:#1d2530;padding:0 1rem}
h1{font-size:1.4rem;margin-bottom:.2rem}h2{font-size:1.05rem;margin:1.4rem 0 .4rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:0 2rem}
.cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}.card{border:1px solid #dde2e8;border-radius:6px;padding:.5rem .9rem;min-width:150px}
.card b{display:block;font-size:1.25rem}.muted,.empty{color:#66707c}#error{color:#b3261e}
table{border-collapse:collapse;width:100%}th,td{padding:.25rem .45rem;border-bottom:1px solid #eef1f4;text-align:right;font-size:13px}
th:first-child,td:first-child{text-align:left}th{background:#f5f7f9}svg text{font-size:12px;fill:#1d2530}
`;

/** The whole `/dashboard` document: markup, style and script inline. */
export function dashboardPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Headroom dashboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>${STYLE}</style></head>
<body data-state="loading">
<h1>Headroom</h1>
<p class="muted">Savings from the usage table, <span id="window">last 48 hours</span>. Sizes and savings only, never content.</p>
<form id="login" hidden><label>Admin key <input id="key" type="password" autocomplete="off"></label> <button>Show</button></form>
<p id="error"></p>
<div class="cards">
<div class="card"><span class="muted">requests</span><b id="total-requests">-</b></div>
<div class="card"><span class="muted">tokens saved</span><b id="total-saved">-</b></div>
<div class="card"><span class="muted">saved</span><b id="total-percent">-</b></div>
<div class="card"><span class="muted">money saved (input list price)</span><b id="total-money">-</b></div>
</div>
<h2>Tokens per hour: before and after compression</h2><div id="chart-time" class="chart"></div>
<div class="grid">
<section><h2>Saved by compressor</h2><div id="chart-compressor" class="chart"></div></section>
<section><h2>Saved by model</h2><div id="chart-model" class="chart"></div></section>
<section><h2>Saved by tenant</h2><div id="chart-tenant" class="chart"></div></section>
<section><h2>CCR activity (audit trail)</h2><div id="chart-ccr" class="chart"></div></section>
</div>
<h2>Recent requests</h2><div id="recent"></div>
<h2>Prices as of <span id="prices-date">-</span></h2><div id="prices"></div>
<script>${SCRIPT}</script>
</body></html>
`;
}
