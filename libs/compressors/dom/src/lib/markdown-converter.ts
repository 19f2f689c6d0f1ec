import TurndownService from 'turndown';
import { gfm } from 'turndown-plugin-gfm';
import { addTableRules } from './table-rules';

/** Form controls and embeds say nothing a reader of the text needs. */
const REMOVED: TurndownService.Filter = [
  'button',
  'input',
  'select',
  'textarea',
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'canvas',
];

let converter: TurndownService | undefined;

/** Markdown for an element: headings, links, lists, tables and code blocks kept. */
export function toMarkdown(root: Element): string {
  converter ??= createConverter();

  return converter
    .turndown(root as unknown as TurndownService.Node)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function createConverter(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '_',
    strongDelimiter: '**',
  });
  service.use(gfm);
  addTableRules(service);
  service.remove(REMOVED);
  service.addRule('compactListItem', {
    filter: 'li',
    replacement: (content, node) => listItem(content, node as Element),
  });
  service.addRule('plainPre', {
    filter: (node) => node.nodeName === 'PRE' && node.querySelector('code') === null,
    replacement: (_content, node) => fence(node.textContent ?? ''),
  });
  service.addRule('readableLink', {
    filter: (node) => node.nodeName === 'A',
    replacement: (content, node) => link(content, (node as Element).getAttribute('href') ?? ''),
  });
  service.addRule('readableImage', {
    filter: 'img',
    replacement: (_content, node) => image(node as Element),
  });

  return service;
}

// One space after the marker, where turndown puts three: the same Markdown
// for fewer tokens. Continuation lines line up under the item's text.
function listItem(content: string, item: Element): string {
  const list = item.parentElement;
  let marker = '-';
  if (list?.nodeName === 'OL') {
    const start = Number(list.getAttribute('start') ?? 1) || 1;
    marker = `${start + Array.prototype.indexOf.call(list.children, item)}.`;
  }
  const indent = ' '.repeat(marker.length + 1);
  const text = content.replace(/^\n+/, '').replace(/\n+$/, '').replace(/\n/g, `\n${indent}`);

  return text.trim() ? `${marker} ${text}\n` : '';
}

function fence(code: string): string {
  const trimmed = code.replace(/^\n+|\s+$/g, '');
  const longestRun = Math.max(2, ...(trimmed.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(longestRun + 1);

  return trimmed ? `\n\n${marks}\n${trimmed}\n${marks}\n\n` : '';
}

// In-page anchors and script links lead nowhere once the page is text.
function link(content: string, href: string): string {
  const text = content.trim();
  const target = href.trim();
  if (!text) {
    return '';
  }
  if (!target || target.startsWith('#') || /^javascript:/i.test(target)) {
    return content;
  }

  return `[${text}](${target.replace(/[()\s]/g, encodeURIComponent)})`;
}

// An image without a description is noise in text; an inlined one is worse.
function image(node: Element): string {
  const alt = (node.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
  const src = (node.getAttribute('src') ?? '').trim();
  if (!alt) {
    return '';
  }

  return src && !src.startsWith('data:') ? `![${alt}](${src})` : alt;
}
