import { isElement, isText, type LightElement } from './light-tree';

/** Text lengths of one element, whitespace runs counted as one character. */
export type TextStats = {
  text: number;
  /** Text inside links. */
  linkText: number;
  /** Text in paragraph-like blocks, each block counted once (not again for nested ones). */
  paragraphText: number;
};

const TEXT_BLOCKS = new Set(['p', 'pre', 'blockquote', 'li', 'td', 'dd', 'h2', 'h3']);
const BLOCK_TAGS = new Set([
  ...TEXT_BLOCKS,
  'div',
  'table',
  'ul',
  'ol',
  'dl',
  'section',
  'article',
  'main',
  'h1',
  'h4',
  'h5',
  'h6',
  'figure',
  'header',
  'form',
]);
/** Shorter blocks are captions, bylines and buttons rather than paragraphs. */
export const MIN_PARAGRAPH_CHARS = 25;

/**
 * Measures every element below `root` in one post-order pass, so later
 * decisions read lengths instead of walking subtrees again (which on a
 * deep page costs the depth times the size).
 */
export function measureTree(root: LightElement): Map<LightElement, TextStats> {
  const stats = new Map<LightElement, TextStats>();
  const stack: Array<{ element: LightElement; visited: boolean }> = [
    { element: root, visited: false },
  ];

  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (!frame.visited) {
      frame.visited = true;
      for (const child of frame.element.childNodes) {
        if (isElement(child)) {
          stack.push({ element: child, visited: false });
        }
      }
      continue;
    }
    stack.pop();
    stats.set(frame.element, summarise(frame.element, stats));
  }

  return stats;
}

function summarise(element: LightElement, stats: ReadonlyMap<LightElement, TextStats>): TextStats {
  let text = 0;
  let linkText = 0;
  let childParagraphs = 0;
  let hasBlockChild = false;
  for (const child of element.childNodes) {
    if (isText(child)) {
      text += collapsedLength(child.value);
    } else if (isElement(child)) {
      const childStats = stats.get(child);
      text += childStats?.text ?? 0;
      linkText += childStats?.linkText ?? 0;
      childParagraphs += childStats?.paragraphText ?? 0;
      hasBlockChild ||= BLOCK_TAGS.has(child.tagName);
    }
  }
  if (element.tagName === 'a') {
    linkText = text;
  }
  // A `div` with no block inside is a paragraph too (pages that write
  // paragraphs as divs of spans).
  const isParagraph =
    TEXT_BLOCKS.has(element.tagName) || (element.tagName === 'div' && !hasBlockChild);
  const paragraphText = isParagraph ? (text >= MIN_PARAGRAPH_CHARS ? text : 0) : childParagraphs;

  return { text, linkText, paragraphText };
}

/** Whether `element` counts as one paragraph of its own (see `summarise`). */
export function isParagraphBlock(element: LightElement): boolean {
  return (
    TEXT_BLOCKS.has(element.tagName) ||
    (element.tagName === 'div' &&
      !element.childNodes.some((child) => isElement(child) && BLOCK_TAGS.has(child.tagName)))
  );
}

function collapsedLength(value: string): number {
  let length = 0;
  let inSpace = false;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    const isSpace = code === 32 || code === 10 || code === 9 || code === 13 || code === 12;
    if (!isSpace || !inSpace) {
      length += 1;
    }
    inSpace = isSpace;
  }

  return length;
}
