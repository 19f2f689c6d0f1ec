import { parse } from 'parse5';
import { isParagraphBlock, measureTree, type TextStats } from './light-measure';
import {
  attribute,
  detach,
  findFirst,
  isElement,
  textOf,
  type LightElement,
  type LightParent,
} from './light-tree';

export type LightExtraction = { title: string; content: LightElement };

type Stats = Map<LightElement, TextStats>;

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
/** A block must hold this share of the page's paragraph text to be the content. */
const CONTAINER_SHARE = 0.4;
/** The page's `main` wins unless it holds this many times the best block's text. */
const MAIN_WIDENING = 2;
const LINK_CLUSTER_TAGS = new Set(['ul', 'ol', 'div', 'section', 'table', 'p', 'dl']);
const LINK_DENSITY = 0.7;
const MAX_CLUSTER_CHARS = 2_000;

/**
 * A reader view for pages too large for the DOM path: one parse into plain
 * objects, chrome dropped by name, the block holding most of the paragraph
 * text kept, and short link clusters inside it dropped. Linear in the page.
 */
export function extractLight(html: string): LightExtraction | undefined {
  const document = parse(html);
  const htmlElement = document.childNodes.find(isElement);
  const body = htmlElement?.childNodes.find(
    (node): node is LightElement => isElement(node) && node.tagName === 'body',
  );
  if (!htmlElement || !body) {
    return undefined;
  }
  const titleElement = findFirst(htmlElement, ['title']);
  const title = titleElement ? textOf(titleElement).replace(/\s+/g, ' ').trim() : '';

  detachAll(chromeOf(body, measureTree(body)));
  const stats = measureTree(body);
  const content = contentRoot(body, stats);
  detachAll(linkClustersOf(content, stats));

  return { title, content };
}

/** The outermost elements under `root` that `isDoomed` picks; their subtrees are not visited. */
function outermost(
  root: LightElement,
  isDoomed: (element: LightElement) => boolean,
): LightElement[] {
  const doomed: LightElement[] = [];
  const stack: LightElement[] = children(root).reverse();
  while (stack.length > 0) {
    const element = stack.pop() as LightElement;
    if (isDoomed(element)) {
      doomed.push(element);
    } else {
      stack.push(...children(element).reverse());
    }
  }

  return doomed;
}

function detachAll(elements: readonly LightElement[]): void {
  for (const element of elements) {
    detach(element);
  }
}

function children(element: LightElement): LightElement[] {
  return element.childNodes.filter(isElement);
}

function chromeOf(body: LightElement, stats: Stats): LightElement[] {
  // A wrapper named after its sidebar (`page-with-sidebar`) holds the page itself.
  const wrapperLength = CONTAINER_SHARE * (stats.get(body)?.text ?? 0);

  return outermost(body, (element) => {
    if (isStructuralChrome(element)) {
      return true;
    }

    return isNamedChrome(element) && (stats.get(element)?.text ?? 0) < wrapperLength;
  });
}

function isStructuralChrome(element: LightElement): boolean {
  if (CHROME_TAGS.has(element.tagName)) {
    return true;
  }
  if (element.tagName === 'header' && !hasAncestor(element, ['main', 'article'])) {
    return true;
  }
  const role = attribute(element, 'role');

  return (
    (role !== undefined && CHROME_ROLES.has(role)) ||
    attribute(element, 'hidden') !== undefined ||
    attribute(element, 'aria-hidden') === 'true'
  );
}

function isNamedChrome(element: LightElement): boolean {
  const names = `${attribute(element, 'class') ?? ''} ${attribute(element, 'id') ?? ''}`;

  return names.trim().length > 0 && CHROME_NAME.test(names);
}

/**
 * Menus, tag clouds and "more stories" boxes: short blocks that are mostly
 * link text. Long blocks stay, so a listing page keeps its entries.
 */
function linkClustersOf(content: LightElement, stats: Stats): LightElement[] {
  return outermost(content, (element) => {
    const measured = stats.get(element);
    if (!LINK_CLUSTER_TAGS.has(element.tagName) || !measured) {
      return false;
    }

    return (
      measured.text > 0 &&
      measured.text <= MAX_CLUSTER_CHARS &&
      measured.linkText / measured.text > LINK_DENSITY
    );
  });
}

/**
 * Scores each element by the paragraph text its children hold (and half of
 * its grandchildren's), keeps the best one, and widens it to its ancestors
 * while it holds less than the share of the page's paragraph text that
 * makes it the content.
 */
function contentRoot(body: LightElement, stats: Stats): LightElement {
  const scores = new Map<LightElement, number>();
  for (const [element, measured] of stats) {
    if (!isParagraphBlock(element) || measured.paragraphText === 0) {
      continue;
    }
    const parent = element.parentNode;
    if (parent && isElement(parent)) {
      scores.set(parent, (scores.get(parent) ?? 0) + measured.paragraphText);
      const grandparent = parent.parentNode;
      if (grandparent && isElement(grandparent)) {
        scores.set(grandparent, (scores.get(grandparent) ?? 0) + measured.paragraphText / 2);
      }
    }
  }
  let best: LightElement = body;
  let bestScore = 0;
  for (const [element, score] of scores) {
    if (score > bestScore) {
      best = element;
      bestScore = score;
    }
  }

  const total = stats.get(body)?.paragraphText ?? 0;
  const paragraphs = (element: LightElement) => stats.get(element)?.paragraphText ?? 0;
  while (best !== body && paragraphs(best) < CONTAINER_SHARE * total) {
    const parent = best.parentNode;
    best = parent && isElement(parent) ? parent : body;
  }
  const main = enclosingMain(best);

  return main && paragraphs(main) <= MAIN_WIDENING * paragraphs(best) ? main : best;
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
