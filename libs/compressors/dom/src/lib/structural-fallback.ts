/**
 * For pages that are not articles (documentation, listings, search results)
 * the reader view finds nothing or a fragment. Instead of emptying them, drop
 * what is chrome on almost every site and keep the rest of the body.
 */
const CHROME_SELECTOR = [
  'nav',
  'footer',
  'aside',
  'dialog',
  'form[role=search]',
  '[role=navigation]',
  '[role=banner]',
  '[role=contentinfo]',
  '[role=complementary]',
  '[role=dialog]',
  '[role=search]',
  '[hidden]',
  '[aria-hidden=true]',
].join(', ');

// Class or id words that name chrome. Matched as whole words so `navigation`
// in `doc-navigation` counts but `canvas-content` does not.
const CHROME_NAME =
  /(^|[\s_-])(nav|navbar|menu|breadcrumbs?|footer|sidebar|cookies?|consent|banner|ads?|advert|advertisement|social|share|sharing|popup|modal|newsletter|subscribe|skip-link)($|[\s_-])/i;

const WRAPPER_SHARE = 0.4;

/** Detaches chrome from `document` and returns the element that holds the page's content. */
export function structuralContent(document: Document): Element | null {
  const body = document.body;
  if (!body) {
    return null;
  }
  for (const element of Array.from(body.querySelectorAll(CHROME_SELECTOR))) {
    element.remove();
  }
  // A wrapper named after its sidebar (`page-with-sidebar`) holds the page itself.
  const wrapperLength = WRAPPER_SHARE * (body.textContent?.length ?? 0);
  for (const element of Array.from(body.querySelectorAll('[class], [id]'))) {
    const names = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`;
    if (
      CHROME_NAME.test(names) &&
      element.isConnected &&
      (element.textContent?.length ?? 0) < wrapperLength
    ) {
      element.remove();
    }
  }
  // Only the outermost site header: a `header` inside the content is a heading block.
  for (const header of Array.from(body.querySelectorAll('header'))) {
    if (!header.closest('main, article, [role=main]')) {
      header.remove();
    }
  }

  return mainRegion(body) ?? body;
}

function mainRegion(body: HTMLElement): Element | null {
  const main = body.querySelector('main, [role=main]');
  const bodyLength = body.textContent?.length ?? 0;

  return main && (main.textContent?.length ?? 0) >= 0.3 * bodyLength ? main : null;
}
