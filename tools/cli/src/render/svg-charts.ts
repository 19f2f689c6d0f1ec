import { escapeHtml, formatInteger } from './number-format';

export type BarDatum = { label: string; value: number; note?: string };
export type SeriesPoint = { label: string; values: number[] };

const PALETTE = ['#2f6fdf', '#1aa37a', '#e0892b', '#c2417a', '#7b5cd6', '#5b6b7a'];
const ROW_HEIGHT = 22;
const LABEL_WIDTH = 180;
const BAR_WIDTH = 420;

/** A horizontal bar chart as inline SVG; empty data gives a visible "no data" note. */
export function barChart(title: string, data: readonly BarDatum[]): string {
  if (data.length === 0) {
    return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption><p class="empty">no data</p></figure>`;
  }

  const max = Math.max(...data.map((datum) => Math.abs(datum.value)), 1);
  const height = data.length * ROW_HEIGHT + 8;
  const rows = data.map((datum, index) => {
    const y = index * ROW_HEIGHT + 4;
    const width = Math.max(1, Math.round((Math.abs(datum.value) / max) * BAR_WIDTH));
    const label = escapeHtml(truncate(datum.label, 28));
    const value = escapeHtml(datum.note ?? formatInteger(datum.value));

    return (
      `<text x="${LABEL_WIDTH - 6}" y="${y + 15}" text-anchor="end">${label}</text>` +
      `<rect class="bar" x="${LABEL_WIDTH}" y="${y}" width="${width}" height="${ROW_HEIGHT - 6}" ` +
      `fill="${PALETTE[index % PALETTE.length]}"><title>${escapeHtml(datum.label)}: ${value}</title></rect>` +
      `<text x="${LABEL_WIDTH + width + 6}" y="${y + 15}">${value}</text>`
    );
  });

  return (
    `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg role="img" aria-label="${escapeHtml(title)}" width="${LABEL_WIDTH + BAR_WIDTH + 120}" ` +
    `height="${height}" viewBox="0 0 ${LABEL_WIDTH + BAR_WIDTH + 120} ${height}">${rows.join('')}</svg></figure>`
  );
}

/** Grouped columns over time (one colour per series), for hourly or daily totals. */
export function columnChart(
  title: string,
  seriesNames: readonly string[],
  points: readonly SeriesPoint[],
): string {
  if (points.length === 0) {
    return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption><p class="empty">no data</p></figure>`;
  }

  const width = 640;
  const height = 220;
  const plotHeight = height - 40;
  const max = Math.max(1, ...points.flatMap((point) => point.values));
  const slot = width / points.length;
  const columnWidth = Math.max(2, (slot * 0.8) / seriesNames.length);
  const columns = points.flatMap((point, index) =>
    point.values.map((value, series) => {
      const columnHeight = Math.round((value / max) * plotHeight);
      const x = index * slot + slot * 0.1 + series * columnWidth;

      return (
        `<rect class="bar" x="${x.toFixed(1)}" y="${plotHeight - columnHeight + 10}" ` +
        `width="${columnWidth.toFixed(1)}" height="${columnHeight}" fill="${PALETTE[series % PALETTE.length]}">` +
        `<title>${escapeHtml(point.label)} ${escapeHtml(seriesNames[series])}: ${formatInteger(value)}</title></rect>`
      );
    }),
  );
  const first = escapeHtml(points[0].label);
  const last = escapeHtml(points[points.length - 1].label);
  const legend = seriesNames
    .map(
      (name, series) =>
        `<span><i style="background:${PALETTE[series % PALETTE.length]}"></i>${escapeHtml(name)}</span>`,
    )
    .join('');

  return (
    `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `${columns.join('')}<line x1="0" y1="${plotHeight + 10}" x2="${width}" y2="${plotHeight + 10}" stroke="#999"/>` +
    `<text x="0" y="${height - 8}">${first}</text><text x="${width}" y="${height - 8}" text-anchor="end">${last}</text>` +
    `</svg><div class="legend">${legend}</div></figure>`
  );
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
