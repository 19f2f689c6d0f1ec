import type { TargetCheck } from './bench-result.schema';
import type { TableRow } from './table-row';

const COLUMNS: ReadonlyArray<[keyof TableRow, string]> = [
  ['scenario', 'Scenario'],
  ['tokens', 'Tokens before → after'],
  ['reduction', 'Reduction'],
  ['p50', 'p50 ms'],
  ['tail', 'p95 / p99 ms'],
  ['runs', 'Runs'],
  ['split', 'Split p50 ms: router / compressor / count / CCR mem / CCR sqlite'],
  ['published', 'Published p50'],
  ['notes', 'Notes'],
];

function escape(cell: string): string {
  return cell.replace(/\|/g, '\\|');
}

export function markdownTable(rows: readonly TableRow[]): string {
  const header = `| ${COLUMNS.map(([, title]) => title).join(' | ')} |`;
  const rule = `|${COLUMNS.map(([key]) => (key === 'scenario' || key === 'notes' || key === 'split' ? ' --- ' : ' ---: ')).join('|')}|`;
  const lines = rows.map((row) => `| ${COLUMNS.map(([key]) => escape(row[key])).join(' | ')} |`);

  return [header, rule, ...lines].join('\n');
}

export function targetList(targets: readonly TargetCheck[]): string {
  if (targets.length === 0) {
    return '';
  }

  const lines = targets.map((target) => {
    const actual = Number.isFinite(target.actual) ? round(target.actual) : 'n/a';

    return `- ${target.met ? 'met   ' : 'MISSED'} ${target.name}: ${actual} ${target.unit} (target ${target.comparison} ${target.limit} ${target.unit}; ${target.metric})`;
  });
  const met = targets.filter((target) => target.met).length;

  return [`Targets: ${met}/${targets.length} met`, ...lines].join('\n');
}

function round(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}
