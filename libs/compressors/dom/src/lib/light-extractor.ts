import { parse } from 'parse5';
import {
  attribute,
  descendants,
  detach,
  findFirst,
  isElement,
  textOf,
  type LightElement,
  type LightParent,
} from './light-tree';

export type LightExtraction = { title: string; content: LightElement };

// Chrome by element, by role and by class or id word; the same vocabulary
// as the structural fallback, applied to the plain tree.
const CHROME_TAGS = new Set(['nav', 'footer', 'aside', 'dialog', 'form', 'button', 'select']);
const CHROME_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'dialog',
  'search',
]);
const CHROME_NAME =
  /(^|[\s_-])(nav|navbar|menu|breadcrumbs?|footer|sidebar|cookies?|consent|banner|ads?|advert|advertisement|social|share|sharing|popup|modal|newsletter|subscribe|comments?|related|promo|sponsored)($|[\s_-])/i;
const TEXT_BLOCKS = new Set(['p', 'pre', 'blockquote', 'li', 'td', 'dd', 'h2', 'h3']);
const BLOCK_TAGS = new Set([
  'div',
  'p',
  'table',
  'ul',
  'ol',
  'dl',
  'pre',
  'blockquote',
  'section',
  'article',
  'main',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'figure',
  'header',
  'form',
]);
const CONTAINER_SHARE = 0.4;
const MAIN_WIDENING = 2;
const LINK_CLUSTER_TAGS = new Set(['ul', 'ol', 'div', 'section', 'table', 'p', 'dl']);
const LINK_DENSITY = 0.7;
const MAX_CLUSTER_CHARS = 2_000;

/**
 * A reader view for pages too large for the DOM path: one parse into plain
 * objects, chrome dropped by name, and the element holding most of the
 * paragraph text kept. Linear in the page size.
 */
export function extractLight(html: string): LightExtraction | undefined {
  const document = parse(html);
  const htmlElement = document.childNodes.find(isElement);
  const body =
    htmlElement && htmlElement.childNodes.find((n) => isElement(n) && n.tagName === 'body');
  if (!body || !isElement(body)) {
    return undefined;
  }
  const titleElement = findFirst(htmlElement, ['title']);
  const title = titleElement ? textOf(titleElement).replace(/\s+/g, ' ').trim() : '';
  removeChrome(body);
  const content = contentRoot(body);
  removeLinkClusters(content);

  return { title, content };
}

function removeChrome(body: LightElement): void {
  // A wrapper named after its sidebar (`page-with-sidebar`) holds the page itself.
  const wrapperLength = CONTAINER_SHARE * textOf(body).length;
  const doomed: LightElement[] = [];
  const stack: LightElement[] = children(body).reverse();
  while (stack.length > 0) {
    const element = stack.pop() as LightElement;
    const isWrapper =
      !CHROME_TAGS.has(element.tagName) &&
      isNamedChromeOnly(element) &&
      textOf(element).length >= wrapperLength;
    if (isChrome(element) && !isWrapper) {
      doomed.push(element);
      continue;
    }
    stack.push(...children(element).reverse());
  }
  for (const element of doomed) {
    detach(element);
  }
}

function children(element: LightElement): LightElement[] {
  return element.childNodes.filter(isElement);
}

/**
 * Blocks that are mostly link text (menus, tag clouds, "more stories") and
 * short: what a reader view drops by link density. Long blocks and the
 * root stay, so a listing page keeps its entries.
 */
function removeLinkClusters(root: LightElement): void {
  const doomed: LightElement[] = [];
  const stack: LightElement[] = children(root).reverse();
  while (stack.length > 0) {
    const element = stack.pop() as LightElement;
    if (LINK_CLUSTER_TAGS.has(element.tagName) && isLinkCluster(element)) {
      doomed.push(element);
      continue;
    }
    stack.push(...children(element).reverse());
  }
  for (const element of doomed) {
    detach(element);
  }
}

function isLinkCluster(element: LightElement): boolean {
  const length = textOf(element).replace(/\s+/g, ' ').trim().length;
  if (length === 0 || length > MAX_CLUSTER_CHARS) {
    return false;
  }
  let linked = 0;
  for (const descendant of descendants(element)) {
    if (descendant.tagName === 'a') {
      linked += textOf(descendant).replace(/\s+/g, ' ').trim().length;
    }
  }

  return linked / length > LINK_DENSITY;
}

function isChrome(element: LightElement): boolean {
  if (CHROME_TAGS.has(element.tagName)) {
    return true;
  }
  if (element.tagName === 'header' && !hasAncestor(element, ['main', 'article'])) {
    return true;
  }
  const role = attribute(element, 'role');
  if (
    (role && CHROME_ROLES.has(role)) ||
    attribute(element, 'hidden') !== undefined ||
    attribute(element, 'aria-hidden') === 'true'
  ) {
    return true;
  }

  return isNamedChromeOnly(element);
}

function isNamedChromeOnly(element: LightElement): boolean {
  const names = `${attribute(element, 'class') ?? ''} ${attribute(element, 'id') ?? ''}`;

  return names.trim().length > 0 && CHROME_NAME.test(names);
}

function hasAncestor(element: LightElement, tags: readonly string[]): boolean {
  for (let current: LightParent | null = element.parentNode; current; current = parentOf(current)) {
    if (isElement(current) && tags.includes(current.tagName)) {
      return true;
    }
  }

  return false;
}

function parentOf(node: LightParent): LightParent | null {
  return 'parentNode' in node ? (node.parentNode ?? null) : null;
}

/**
 * Scores each element by the paragraph text it holds directly or one level
 * down, then keeps the best one, widened to its ancestors while it holds
 * less than the share of all paragraph text that makes it the content.
 */
function contentRoot(body: LightElement): LightElement {
  const scores = new Map<LightElement, number>();
  let total = 0;
  for (const element of descendants(body)) {
    const length = blockTextLength(element);
    if (length < 25) {
      continue;
    }
    total += length;
    const parent = element.parentNode;
    if (parent && isElement(parent)) {
      scores.set(parent, (scores.get(parent) ?? 0) + length);
      const grandparent = parent.parentNode;
      if (grandparent && isElement(grandparent)) {
        scores.set(grandparent, (scores.get(grandparent) ?? 0) + length / 2);
      }
    }
  }
  let best: LightElement | undefined;
  for (const [element, score] of scores) {
    if (!best || score > (scores.get(best) ?? 0)) {
      best = element;
    }
  }
  while (best && best !== body && paragraphText(best) < CONTAINER_SHARE * total) {
    const parent = best.parentNode;
    best = parent && isElement(parent) ? parent : body;
  }

  // The page's own `main` region, once its chrome is gone, is the content,
  // unless it holds much more paragraph text than the best block (teasers).
  const main = best && enclosingMain(best);
  if (best && main && paragraphText(main) <= MAIN_WIDENING * paragraphText(best)) {
    return main;
  }

  return best ?? body;
}

function enclosingMain(element: LightElement): LightElement | undefined {
  for (let current: LightParent | null = element; current; current = parentOf(current)) {
    if (
      isElement(current) &&
      (current.tagName === 'main' || attribute(current, 'role') === 'main')
    ) {
      return current;
    }
  }

  return undefined;
}

function paragraphText(root: LightElement): number {
  let length = 0;
  for (const element of descendants(root)) {
    const text = blockTextLength(element);
    length += text >= 25 ? text : 0;
  }

  return length;
}

/**
 * The text a paragraph-like element holds; a `div` with no block inside it
 * is a paragraph too (pages that write paragraphs as divs of spans).
 */
function blockTextLength(element: LightElement): number {
  const isParagraph =
    TEXT_BLOCKS.has(element.tagName) ||
    (element.tagName === 'div' &&
      !element.childNodes.some((child) => isElement(child) && BLOCK_TAGS.has(child.tagName)));

  return isParagraph ? textOf(element).replace(/\s+/g, ' ').trim().length : 0;
}
