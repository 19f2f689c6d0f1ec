import type { Fidelity } from '../quality.types';
import { scoreNeedles } from './needle-score';

export type LoghubTemplate = { id: string; text: string; pattern: RegExp; literal: number };

// Read independently of the squasher's own level rule, so the run does not grade itself.
const LEVEL =
  /\b(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|SEVERE|CRITICAL|notice|info|warn|warning|error|debug|fatal|crit|emerg)\b/;
const SEVERE = /^(?:WARN|WARNING|ERROR|FATAL|SEVERE|CRITICAL|warn|warning|error|fatal|crit|emerg)$/;
const LOGCAT_SEVERE = /^\d{2}-\d{2} [\d:.]+\s+\d+\s+\d+ [EWF] /;

export function isSevereLine(line: string): boolean {
  const level = LEVEL.exec(line);

  return LOGCAT_SEVERE.test(line) || (level !== null && SEVERE.test(level[0]));
}

/**
 * Every loghub template that has an ERROR/WARN/FATAL line must still have at
 * least one of its lines, verbatim, in the output.
 */
export function loghubFidelity(input: string, output: string, templatesCsv: string): Fidelity {
  const templates = readTemplates(templatesCsv);
  const inputLines = input.split('\n');
  const known = new Set(inputLines);
  const severe = new Set(
    inputLines.filter(isSevereLine).map((line) => templateOf(line, templates)?.id ?? '?'),
  );
  const kept = new Set(
    output
      .split('\n')
      .filter((line) => known.has(line))
      .map((line) => templateOf(line, templates)?.id ?? '?'),
  );

  return scoreNeedles([...severe], (id) => kept.has(id));
}

/** Parses a loghub `_templates.csv` (EventId,EventTemplate with RFC 4180 quoting). */
export function readTemplates(csv: string): LoghubTemplate[] {
  const rows = parseCsv(csv).slice(1);

  return rows
    .filter((row) => row.length >= 2)
    .map(([id, text]) => ({
      id,
      text,
      pattern: new RegExp(`${text.split('<*>').map(escape).join('.*?')}\\s*$`),
      literal: text.replace(/<\*>/g, '').length,
    }));
}

/** The most specific template a line matches, the way loghub assigns events. */
export function templateOf(
  line: string,
  templates: readonly LoghubTemplate[],
): LoghubTemplate | undefined {
  let best: LoghubTemplate | undefined;
  for (const template of templates) {
    if ((best === undefined || template.literal > best.literal) && template.pattern.test(line)) {
      best = template;
    }
  }

  return best;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      rows.push([...row, field.replace(/\r$/, '')]);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    rows.push([...row, field]);
  }

  return rows;
}
