/**
 * A string pass over raw HTML before any DOM exists. Building a DOM costs
 * time per node and per attribute; on real pages most bytes are scripts,
 * styles, inline SVG and comments that the extraction throws away anyway, so
 * they go here, in linear time, before the parser sees them.
 */

// Elements whose whole content is dropped. `noscript` duplicates what
// scripts would render; `template` is inert markup.
const DROPPED_ELEMENTS = [
  'script',
  'style',
  'svg',
  'noscript',
  'template',
  'iframe',
  'object',
  'canvas',
];

// Void tags that carry nothing readable: stylesheets, preloads, base URLs.
const DROPPED_VOID_PATTERN = /<(link|base)\b[^<>]*>/gi;
const START_TAG_PATTERN = /<[a-zA-Z][\w:-]*\s[^<>]*>/g;
const STYLE_ATTRIBUTE = /\sstyle\s*=\s*("[^"]*"|'[^']*')/i;
const EVENT_ATTRIBUTES = /\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
const DATA_URI = /(\s(?:src|srcset|href)\s*=\s*["'])data:[^"']{256,}(["'])/gi;
const HIDDEN_STYLE = /(display\s*:\s*none|visibility\s*:\s*hidden)/i;

export function cleanPage(html: string): string {
  return removeDroppedElements(removeComments(html))
    .replace(DROPPED_VOID_PATTERN, '')
    .replace(START_TAG_PATTERN, cleanStartTag);
}

/** Comments out; an unclosed one runs to the end of the page, as in a browser. */
function removeComments(html: string): string {
  const parts: string[] = [];
  let cursor = 0;
  for (let open = html.indexOf('<!--'); open !== -1; open = html.indexOf('<!--', cursor)) {
    const close = html.indexOf('-->', open + 4);
    parts.push(html.slice(cursor, open));
    cursor = close === -1 ? html.length : close + 3;
  }
  parts.push(html.slice(cursor));

  return parts.join('');
}

/**
 * Each dropped element from its start tag to its end tag. Scanning forward
 * only, and remembering which end tags no longer occur, keeps this linear
 * even on pages full of unclosed or self-closed tags.
 */
function removeDroppedElements(html: string): string {
  const opening = new RegExp(`<(${DROPPED_ELEMENTS.join('|')})\\b[^<>]*>`, 'gi');
  const unclosed = new Set<string>();
  const parts: string[] = [];
  let cursor = 0;

  for (let match = opening.exec(html); match; match = opening.exec(html)) {
    const name = match[1].toLowerCase();
    if (match[0].endsWith('/>') && name === 'svg') {
      parts.push(html.slice(cursor, match.index));
      cursor = opening.lastIndex;
      continue;
    }
    if (unclosed.has(name)) {
      continue;
    }
    const closing = new RegExp(`</${name}\\s*>`, 'gi');
    closing.lastIndex = opening.lastIndex;
    const end = closing.exec(html);
    if (!end) {
      unclosed.add(name);
      continue;
    }
    parts.push(html.slice(cursor, match.index));
    cursor = closing.lastIndex;
    opening.lastIndex = cursor;
  }
  parts.push(html.slice(cursor));

  return parts.join('');
}

/**
 * Inline styles are parsed by the DOM on access, which the extraction does
 * for every node, so they go; a style that hides the element becomes the
 * `hidden` attribute, which keeps hidden content out just the same. Event
 * handlers and long data URIs are noise to a reader.
 */
function cleanStartTag(tag: string): string {
  let clean = tag.replace(EVENT_ATTRIBUTES, '').replace(DATA_URI, '$1$2');
  const style = STYLE_ATTRIBUTE.exec(clean);
  if (style) {
    const hidden = HIDDEN_STYLE.test(style[1]) ? ' hidden' : '';
    clean = clean.slice(0, style.index) + hidden + clean.slice(style.index + style[0].length);
  }

  return clean;
}
