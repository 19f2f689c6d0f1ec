import type TurndownService from 'turndown';

// Block content inside a cell means the table lays out a page rather than
// holding data; its cells become paragraphs instead of Markdown cells.
const SECTIONS = ['THEAD', 'TBODY', 'TFOOT'];

const BLOCK_SELECTOR = 'table, p, div, ul, ol, h1, h2, h3, h4, h5, h6, pre, blockquote';

/**
 * Tables as GitHub Markdown. The gfm plugin keeps a table without a heading
 * row as raw HTML and lets newlines and pipes inside cells break rows; these
 * rules take precedence over it for every table.
 */
export function addTableRules(service: TurndownService): void {
  service.addRule('dataCell', {
    filter: (node) => isCell(node) && !isLayoutTable(closestTable(node)),
    replacement: (content, node) => {
      const text = content
        .replace(/\s*\n+\s*/g, ' ')
        .replace(/\|/g, '\\|')
        .trim();

      return `${isFirstCell(node) ? '|' : ''} ${text} |`;
    },
  });
  service.addRule('dataRow', {
    filter: (node) => node.nodeName === 'TR' && !isLayoutTable(closestTable(node)),
    replacement: (content) => `\n${content}`,
  });
  service.addRule('dataTable', {
    filter: (node) => node.nodeName === 'TABLE' && !isLayoutTable(closestTable(node)),
    replacement: (content) => withHeaderRule(content),
  });
  service.addRule('dataSection', {
    filter: (node) => SECTIONS.includes(node.nodeName) && !isLayoutTable(closestTable(node)),
    replacement: (content) => content,
  });
  service.addRule('layoutTable', {
    filter: (node) =>
      (SECTIONS.includes(node.nodeName) || ['TABLE', 'TR', 'TD', 'TH'].includes(node.nodeName)) &&
      isLayoutTable(closestTable(node)),
    replacement: (content) => `\n\n${content}\n\n`,
  });
}

function isCell(node: TurndownService.Node): boolean {
  return node.nodeName === 'TD' || node.nodeName === 'TH';
}

function isFirstCell(node: TurndownService.Node): boolean {
  let previous = node.previousSibling;
  while (previous && !isCell(previous as TurndownService.Node)) {
    previous = previous.previousSibling;
  }

  return previous === null;
}

function closestTable(node: TurndownService.Node): HTMLTableElement | null {
  return (node as Element).closest('table');
}

const layoutCache = new WeakMap<HTMLTableElement, boolean>();

function isLayoutTable(table: HTMLTableElement | null): boolean {
  if (!table) {
    return true;
  }
  let layout = layoutCache.get(table);
  if (layout === undefined) {
    const rows = Array.from(table.rows);
    layout =
      rows.length === 0 ||
      rows.every((row) => row.cells.length <= 1) ||
      table.querySelector(BLOCK_SELECTOR) !== null;
    layoutCache.set(table, layout);
  }

  return layout;
}

/** Puts the `| --- |` rule under the first row, whatever kind of cells it has. */
function withHeaderRule(content: string): string {
  const rows = content.split('\n').filter((row) => row.trim().length > 0);
  if (rows.length === 0) {
    return '';
  }
  const width = Math.max(...rows.map(cellCount));
  const pad = (row: string) => row + ' |'.repeat(Math.max(0, width - cellCount(row)));
  const rule = `|${' --- |'.repeat(width)}`;

  return `\n\n${[pad(rows[0]), rule, ...rows.slice(1).map(pad)].join('\n')}\n\n`;
}

function cellCount(row: string): number {
  return (row.replace(/\\\|/g, '').match(/\|/g) ?? []).length - 1;
}
