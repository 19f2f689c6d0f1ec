import { Readability } from '@mozilla/readability';
import { parseDocument } from './document-parser';
import { flattenMath } from './math-flattener';
import { structuralContent } from './structural-fallback';

export type Extraction = {
  title: string;
  content: Element;
  /** `article`: the reader view; `structure`: the body without its chrome. */
  strategy: 'article' | 'structure';
};

/** Below this much text the reader view has missed the page, not summarised it. */
const MIN_ARTICLE_CHARS = 250;

/**
 * The main content of a page. Readability first; when it finds no article,
 * or a fragment that is a small share of a long page, the page is parsed
 * again (Readability has rewritten the first document) and its structure
 * kept instead.
 */
export function extractContent(html: string): Extraction | undefined {
  const document = parseDocument(html);
  flattenMath(document);
  const pageTitle = document.title.trim();
  const bodyChars = visibleTextLength(document);
  const article = new Readability<Node>(document, {
    serializer: (node) => node,
    // Classes are dropped unread: a second pass over the article that pays nothing.
    keepClasses: true,
    disableJSONLD: true,
  }).parse();
  const content = article?.content;
  const articleChars = article?.textContent?.trim().length ?? 0;

  if (content && isElement(content) && !missedThePage(articleChars, bodyChars)) {
    return { title: article?.title?.trim() || pageTitle, content, strategy: 'article' };
  }
  const fresh = parseDocument(html);
  flattenMath(fresh);
  const fallback = structuralContent(fresh);

  return fallback ? { title: pageTitle, content: fallback, strategy: 'structure' } : undefined;
}

function missedThePage(articleChars: number, bodyChars: number): boolean {
  return articleChars < MIN_ARTICLE_CHARS && articleChars < 0.5 * bodyChars;
}

function visibleTextLength(document: Document): number {
  return (document.body?.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}

function isElement(node: Node): node is Element {
  return node.nodeType === 1;
}
