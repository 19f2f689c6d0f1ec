import type { BenchResult } from './bench-result.schema';

/** One line of the printed table; every suite fills the same columns. */
export type TableRow = {
  scenario: string;
  tokens: string;
  reduction: string;
  p50: string;
  tail: string;
  runs: string;
  split: string;
  published: string;
  notes: string;
};

/** A row without a result is a placeholder for something not measured yet. */
export type SuiteOutput = { result?: BenchResult; row: TableRow };

export function formatMs(value: number | undefined | null): string {
  if (value === undefined || value === null || !Number.isFinite(value)) {
    return '–';
  }
  const abs = Math.abs(value);
  const digits = abs < 10 ? 2 : abs < 100 ? 1 : 0;

  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function formatPercent(share: number | null): string {
  return share === null || !Number.isFinite(share) ? '–' : `${(share * 100).toFixed(1)}%`;
}

export function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}
