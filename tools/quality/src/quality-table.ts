import type { FamilyResult } from './quality.types';

/** The per-family summary as a Markdown table, stable enough to diff between runs. */
export function formatFamilyTable(results: readonly FamilyResult[]): string {
  const header = [
    'family',
    'files',
    'tokens before',
    'tokens after',
    'reduction',
    'fidelity (mean)',
    'fidelity (min)',
  ];
  const rows = results.map((result) => [
    result.family,
    String(result.cases.length),
    String(result.tokensBefore),
    String(result.tokensAfter),
    percent(1 - result.tokensAfter / Math.max(1, result.tokensBefore)),
    result.fidelity.toFixed(3),
    result.minFidelity.toFixed(3),
  ]);

  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

/** One line per case, for `--cases`: where the family numbers come from. */
export function formatCaseLines(result: FamilyResult): string[] {
  return result.cases.map(
    (entry) =>
      `${result.family}\t${entry.name}\t${entry.kind}\t${entry.compressor}\t${entry.outcome}\t${entry.tokensBefore}→${entry.tokensAfter}\t${entry.fidelity.score.toFixed(2)} of ${entry.fidelity.needles}${entry.fidelity.lost.length > 0 ? `\tlost: ${entry.fidelity.lost.join(' | ').slice(0, 160)}` : ''}\t${entry.durationMs.toFixed(1)}ms`,
  );
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}
