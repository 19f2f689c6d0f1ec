import { readFileSync } from 'node:fs';

export type LoghubTemplate = { id: string; text: string; pattern: RegExp; literal: number };

/** Reads a loghub `_templates.csv` (EventId,EventTemplate with RFC 4180 quoting). */
export function readTemplates(path: string): LoghubTemplate[] {
  const rows = parseCsv(readFileSync(path, 'utf8')).slice(1);

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
