/**
 * Deterministic pages built here, not taken from any site: an article page
 * of any size with the usual chrome (navigation, sidebar, scripts, styles,
 * icons, comments, footer), and two pages that are not articles.
 */
const VOCABULARY = (
  'ledger invoice account balance refund payment settlement currency ' +
  'transfer audit report quarter revenue expense margin forecast budget ' +
  'customer vendor contract renewal region market growth decline steady ' +
  'system service request latency cache storage replica cluster deploy'
).split(' ');

function words(seed: number, count: number): string {
  let state = seed >>> 0;
  const out: string[] = [];
  for (let index = 0; index < count; index += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out.push(VOCABULARY[state % VOCABULARY.length]);
  }

  return out.join(' ');
}

function chrome(seed: number): { head: string; nav: string; sidebar: string; footer: string } {
  const links = (prefix: string, count: number) =>
    Array.from(
      { length: count },
      (_, i) =>
        `<li><a href="/${prefix}/${i}" onclick="track(${i})">${words(seed + i, 2)}</a></li>`,
    ).join('');
  const script = `<script>window.dataLayer=[${Array.from({ length: 200 }, (_, i) => `{"e":${i},"v":"${words(i, 3)}"}`).join(',')}];function track(i){return i}</script>`;
  const style = `<style>${Array.from({ length: 150 }, (_, i) => `.c${i}{margin:${i}px;color:#${(i * 4099).toString(16).padStart(6, '0').slice(0, 6)}}`).join('')}</style>`;
  const icon = '<svg viewBox="0 0 24 24"><path d="M12 2L2 7l10 5 10-5-10-5z"/></svg>';

  return {
    head: `<head><meta charset="utf-8"><title>Quarterly ledger report ${seed}</title><link rel="stylesheet" href="/a.css">${style}${script}</head>`,
    nav: `<header class="site-header">${icon}<nav class="main-nav"><ul>${links('nav', 40)}</ul></nav></header>`,
    sidebar: `<aside class="sidebar"><h3>Related</h3><ul>${links('related', 20)}</ul></aside>`,
    footer: `<footer class="site-footer"><p>Copyright notice and legal text</p><ul>${links('foot', 15)}</ul></footer>${script}`,
  };
}

function section(seed: number): string {
  const rows = Array.from(
    { length: 6 },
    (_, i) => `<tr><td>${words(seed + i, 1)}</td><td>${(seed * 31 + i * 7) % 1000}</td></tr>`,
  ).join('');

  return [
    `<h2>Section ${seed}: ${words(seed, 3)}</h2>`,
    `<p>${words(seed * 3, 60)}.</p>`,
    `<p>${words(seed * 3 + 1, 45)}, <a href="/doc/${seed}">see the ${words(seed, 1)} note</a>.</p>`,
    `<ul><li>${words(seed + 5, 8)}</li><li>${words(seed + 6, 8)}</li></ul>`,
    `<table><thead><tr><th>Item</th><th>Amount</th></tr></thead><tbody>${rows}</tbody></table>`,
    `<pre><code class="language-ts">const total${seed} = entries.reduce((a, b) =&gt; a + b, 0);</code></pre>`,
  ].join('\n');
}

/** An article page of about `targetChars` characters, about half of it chrome and scripts. */
export function articlePage(targetChars: number, seed = 1): string {
  const parts = chrome(seed);
  const comments = Array.from(
    { length: 10 },
    (_, i) => `<div class="comment"><p>${words(seed + 900 + i, 12)}</p></div>`,
  ).join('');
  const sections: string[] = [];
  let size = 4000;
  for (let index = 0; size < targetChars * 0.55; index += 1) {
    const next = section(seed * 1000 + index);
    sections.push(next);
    size += next.length;
  }
  const article = `<main><article><h1>Quarterly ledger report ${seed}</h1><p class="byline">By A. Writer</p>${sections.join('\n')}</article><section class="comments">${comments}</section></main>`;
  const scripts: string[] = [];
  const scriptBlock = chrome(seed + 1).head.replace(/^.*?(<script>.*<\/script>).*$/s, '$1');
  for (let bytes = size; bytes < targetChars; bytes += scriptBlock.length + 40) {
    scripts.push(`<!-- tracking block -->${scriptBlock}`);
  }

  return `<!doctype html><html lang="en">${parts.head}<body>${parts.nav}${parts.sidebar}${article}${parts.footer}${scripts.join('')}</body></html>`;
}

export const DOCS_PAGE = `<!doctype html><html><head><title>ledger.settle — API reference</title></head><body>
<nav class="docs-nav"><ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="/api/${i}">api.method${i}</a></li>`).join('')}</ul></nav>
<main>
<h1>ledger.settle</h1>
<p>Settles an invoice.</p>
<h2>Parameters</h2>
<table><tr><td>id</td><td>string</td><td>Invoice id</td></tr><tr><td>force</td><td>boolean</td><td>Skip checks</td></tr></table>
<h2>Example</h2>
<pre><code class="language-js">await ledger.settle('inv_42', { force: true });</code></pre>
<h2>Errors</h2>
<ul><li><code>E_LOCKED</code>: the ledger is closed</li><li><code>E_UNKNOWN</code>: no such invoice</li></ul>
</main>
<footer><p>Docs footer text</p></footer>
</body></html>`;

export const SEARCH_PAGE = `<!doctype html><html><head><title>Search: settle invoice</title></head><body>
<header><nav><a href="/">Home</a> <a href="/about">About us</a></nav></header>
<div id="results"><ol>${Array.from({ length: 12 }, (_, i) => `<li><a href="https://example.test/r/${i}">Result ${i}: settling invoice ${words(i, 2)}</a><p>Snippet ${i} about ${words(i + 50, 5)}.</p></li>`).join('')}</ol></div>
<div class="pager"><a href="?p=2">Next page</a></div>
<footer>Search footer text</footer>
</body></html>`;

const METHODS = Array.from(
  { length: 12 },
  (_, i) => `<section id="m${i}"><h2>client.method${i}(options)</h2><p>Does thing ${i}.</p>
<table><thead><tr><th>Name</th><th>Type</th></tr></thead><tbody><tr><td>opt${i}</td><td>string</td></tr></tbody></table>
<pre><code>client.method${i}({ opt${i}: 'x' })</code></pre></section>`,
).join('\n');

/** An API reference: many short sections and a long table of contents beside them. */
export const API_REFERENCE_PAGE = `<!doctype html><html><head><title>Client API</title></head><body>
<div class="layout"><div class="toc"><ul>${Array.from({ length: 60 }, (_, i) => `<li><a href="#m${i}">toc entry ${i}</a></li>`).join('')}</ul></div>
<div class="content"><h1>Client API</h1>${METHODS}</div></div><footer>Reference footer</footer></body></html>`;

/** A listing: thirty one-line entries and no paragraph anywhere. */
export const LISTING_PAGE = `<!doctype html><html><head><title>Packages</title></head><body>
<header><nav>${'<a href="/menu">menu entry</a>'.repeat(20)}</nav></header>
<div id="list">${Array.from({ length: 30 }, (_, i) => `<div class="item"><a href="/p/${i}">Package ${i}</a> <span>v1.${i}.0</span> <span>A short description ${i}</span></div>`).join('\n')}</div>
<footer>Listing footer</footer></body></html>`;
