/** Thousands separators, no locale surprises: the same bytes on every machine. */
export function formatInteger(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Dollars with cents, or four decimals below one cent so small savings still show. */
export function formatDollars(value: number): string {
  const digits = Math.abs(value) > 0 && Math.abs(value) < 0.01 ? 4 : 2;

  return `$${value.toFixed(digits)}`;
}

export function formatPercent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '0.0%';
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Markdown table cells must not break the table. */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** RFC 4180: quote a field when it holds a separator, a quote or a line break. */
export function csvField(value: string | number): string {
  const text = String(value);

  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
