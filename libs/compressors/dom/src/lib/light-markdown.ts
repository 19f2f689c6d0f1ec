import {
  attribute,
  descendants,
  isElement,
  isText,
  textOf,
  type LightElement,
  type LightNode,
} from './light-tree';

const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'canvas',
  'svg',
  'button',
  'input',
  'select',
  'textarea',
  'head',
  'title',
  'meta',
  'link',
]);
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'figure',
  'figcaption',
  'address',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'center',
  'body',
  'html',
  'form',
  'fieldset',
]);
const BLOCK_IN_CELL = new Set([
  'table',
  'p',
  'div',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'blockquote',
]);

/**
 * Markdown straight from the plain parse5 tree, for the light path: the same
 * output conventions as the turndown path (atx headings, `-` bullets, fenced
 * code, GitHub tables) in one linear walk.
 */
export function lightMarkdown(root: LightElement): string {
  return children(root)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function children(element: LightElement): string {
  return element.childNodes.map(render).join('');
}

function render(node: LightNode): string {
  if (isText(node)) {
    return node.value.replace(/\s+/g, ' ');
  }
  if (!isElement(node) || DROPPED.has(node.tagName)) {
    return '';
  }

  return renderElement(node);
}

function renderElement(element: LightElement): string {
  const tag = element.tagName;
  const heading = /^h([1-6])$/.exec(tag);
  if (heading) {
    return block(
      `${'#'.repeat(Number(heading[1]))} ${inline(children(element))}`,
      2 + Number(heading[1]),
    );
  }
  switch (tag) {
    case 'br':
      return '\n';
    case 'hr':
      return block('---');
    case 'a':
      return link(children(element), attribute(element, 'href') ?? '');
    case 'img':
      return image(element);
    case 'strong':
    case 'b':
      return wrap(children(element), '**');
    case 'em':
    case 'i':
      return wrap(children(element), '_');
    case 'code':
    case 'kbd':
    case 'samp':
      return wrap(textOf(element).replace(/\s+/g, ' '), '`');
    case 'pre':
      return fence(element);
    case 'ul':
    case 'ol':
      return list(element, tag === 'ol');
    case 'blockquote':
      return quote(children(element));
    case 'table':
      return table(element);
    default:
      return BLOCKS.has(tag) || tag === 'li' ? block(children(element)) : children(element);
  }
}

function block(content: string, minLength = 1): string {
  const trimmed = content.trim();
  const tidy = trimmed.includes('```')
    ? trimmed
    : trimmed.replace(/ {2,}/g, ' ').replace(/\n /g, '\n');

  return tidy.length >= minLength ? `\n\n${tidy}\n\n` : '';
}

function inline(content: string): string {
  return content.replace(/\s+/g, ' ').trim();
}

function wrap(content: string, mark: string): string {
  const text = content.trim();
  if (!text) {
    return content;
  }
  const lead = content.startsWith(' ') ? ' ' : '';
  const trail = content.endsWith(' ') ? ' ' : '';

  return `${lead}${mark}${text}${mark}${trail}`;
}

function link(content: string, href: string): string {
  const text = inline(content);
  const target = href.trim();
  if (!text) {
    return '';
  }
  if (!target || target.startsWith('#') || /^javascript:/i.test(target)) {
    return content;
  }
  const lead = content.startsWith(' ') ? ' ' : '';
  const trail = content.endsWith(' ') ? ' ' : '';

  return `${lead}[${text}](${target.replace(/[()\s]/g, encodeURIComponent)})${trail}`;
}

function image(element: LightElement): string {
  const alt = (attribute(element, 'alt') ?? '').replace(/\s+/g, ' ').trim();
  const src = (attribute(element, 'src') ?? '').trim();
  if (!alt) {
    return '';
  }

  return src && !src.startsWith('data:') ? `![${alt}](${src})` : alt;
}

function fence(element: LightElement): string {
  const code = textOf(element).replace(/^\n+|\s+$/g, '');
  if (!code) {
    return '';
  }
  const codeElement = element.childNodes.find(
    (n): n is LightElement => isElement(n) && n.tagName === 'code',
  );
  const classes = `${attribute(codeElement ?? element, 'class') ?? ''}`;
  const language = /(?:^|\s)(?:language|lang)-([\w+#-]+)/.exec(classes)?.[1] ?? '';
  const longestRun = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(longestRun + 1);

  return `\n\n${marks}${language}\n${code}\n${marks}\n\n`;
}

function list(element: LightElement, ordered: boolean): string {
  const items = element.childNodes.filter(
    (n): n is LightElement => isElement(n) && n.tagName === 'li',
  );
  const start = Number(attribute(element, 'start') ?? 1) || 1;
  const lines = items
    .map((item, index) => {
      const marker = ordered ? `${start + index}.` : '-';
      const content = children(item)
        .trim()
        .replace(/\n{2,}/g, '\n');
      if (!content) {
        return '';
      }
      const indent = ' '.repeat(marker.length + 1);

      return `${marker} ${content.split('\n').join(`\n${indent}`)}`;
    })
    .filter((line) => line.length > 0);

  return lines.length > 0 ? `\n\n${lines.join('\n')}\n\n` : '';
}

function quote(content: string): string {
  const trimmed = content.trim();

  return trimmed
    ? `\n\n${trimmed
        .split('\n')
        .map((line) => `> ${line}`.trimEnd())
        .join('\n')}\n\n`
    : '';
}

function table(element: LightElement): string {
  const rows = tableRows(element);
  const isLayout =
    rows.length === 0 ||
    rows.every((row) => row.length <= 1) ||
    [...descendants(element)].some((node) => BLOCK_IN_CELL.has(node.tagName));
  if (isLayout) {
    return block(
      rows
        .flat()
        .map((cell) => block(children(cell)))
        .join('') || children(element),
    );
  }
  const width = Math.max(...rows.map((row) => row.length));
  const lines = rows.map((row) => {
    const cells = row.map((cell) => inline(children(cell)).replace(/\|/g, '\\|'));
    while (cells.length < width) {
      cells.push('');
    }

    return `| ${cells.join(' | ')} |`;
  });
  const rule = `|${' --- |'.repeat(width)}`;

  return `\n\n${[lines[0], rule, ...lines.slice(1)].join('\n')}\n\n`;
}

/** Rows of this table only, in order, through `thead`, `tbody` and `tfoot`. */
function tableRows(element: LightElement): LightElement[][] {
  const rows: LightElement[][] = [];
  const visit = (parent: LightElement) => {
    for (const child of parent.childNodes) {
      if (!isElement(child)) {
        continue;
      }
      if (child.tagName === 'tr') {
        rows.push(
          child.childNodes.filter(
            (n): n is LightElement => isElement(n) && (n.tagName === 'td' || n.tagName === 'th'),
          ),
        );
      } else if (['thead', 'tbody', 'tfoot'].includes(child.tagName)) {
        visit(child);
      }
    }
  };
  visit(element);

  return rows;
}
