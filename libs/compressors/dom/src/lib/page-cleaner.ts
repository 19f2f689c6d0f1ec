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

const DROPPED_ELEMENT_PATTERN = new RegExp(
  `<(${DROPPED_ELEMENTS.join('|')})\\b[^>]*>[\\s\\S]*?</\\1\\s*>`,
  'gi',
);
// Void tags that carry nothing readable: stylesheets, preloads, base URLs.
const DROPPED_VOID_PATTERN = /<(link|base)\b[^>]*>/gi;
const COMMENT_PATTERN = /<!--[\s\S]*?-->/g;
const START_TAG_PATTERN = /<[a-zA-Z][\w:-]*\s[^<>]*>/g;
const STYLE_ATTRIBUTE = /\sstyle\s*=\s*("[^"]*"|'[^']*')/i;
const EVENT_ATTRIBUTES = /\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
const DATA_URI = /(\s(?:src|srcset|href)\s*=\s*["'])data:[^"']{256,}(["'])/gi;
const HIDDEN_STYLE = /(display\s*:\s*none|visibility\s*:\s*hidden)/i;

export function cleanPage(html: string): string {
  return html
    .replace(COMMENT_PATTERN, '')
    .replace(DROPPED_ELEMENT_PATTERN, '')
    .replace(DROPPED_VOID_PATTERN, '')
    .replace(START_TAG_PATTERN, cleanStartTag);
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
