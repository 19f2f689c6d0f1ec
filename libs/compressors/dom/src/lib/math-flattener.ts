/**
 * Formulas as plain text. MathJax renders each formula twice, once as
 * styled boxes and once as MathML for screen readers, inside a custom
 * element the reader view discards whole; the formula then vanishes from the
 * text. Each rendering is replaced by the MathML's symbols, space-separated.
 */
export function flattenMath(document: Document): void {
  for (const math of Array.from(document.querySelectorAll('math'))) {
    if (!math.isConnected) {
      continue;
    }
    const rendering = math.closest('mjx-container, .MathJax, .katex') ?? math;
    const text = mathText(math);
    const replacement = document.createElement('span');
    replacement.textContent = ` ${text} `;
    rendering.replaceWith(replacement);
  }
}

function mathText(math: Element): string {
  const alternative = math.getAttribute('alttext');
  if (alternative) {
    return alternative;
  }
  const symbols: string[] = [];
  const walker = math.ownerDocument.createTreeWalker(math, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const symbol = (node.textContent ?? '').trim();
    if (symbol) {
      symbols.push(symbol);
    }
  }

  return symbols.join(' ');
}
