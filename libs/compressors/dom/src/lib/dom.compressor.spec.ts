import { ccrKey, parseMarkers, type CompressInput } from '@headroom/contracts';
import {
  API_REFERENCE_PAGE,
  articlePage,
  DOCS_PAGE,
  LISTING_PAGE,
  SEARCH_PAGE,
} from '../testing/synthetic-pages';
import { DomCompressor } from './dom.compressor';

function input(text: string, overrides: Partial<CompressInput> = {}): CompressInput {
  return { text, kind: 'html', query: '', lossless: false, ...overrides };
}

const fullPath = new DomCompressor({ minChars: 0 });
const lightPath = new DomCompressor({ minChars: 0, lightPathChars: 0 });
const ARTICLE = articlePage(30_000);

type PageCase = {
  name: string;
  html: string;
  compressor: DomCompressor;
  strategy: string;
  kept: string[];
  dropped: string[];
};

const ARTICLE_KEPT = [
  '# Quarterly ledger report 1',
  '## Section 1000: transfer market revenue',
  '| Item | Amount |',
  '| --- | --- |',
  '| transfer | 0 |',
  '```ts\nconst total1000 = entries.reduce((a, b) => a + b, 0);\n```',
  '[see the transfer note](/doc/1000)',
  'vendor quarter audit customer customer payment invoice customer',
];
const ARTICLE_DROPPED = [
  '/nav/3',
  '/related/',
  'dataLayer',
  'Copyright notice',
  'margin:3px',
  'track(',
];

const CASES: PageCase[] = [
  {
    name: 'an article page',
    html: ARTICLE,
    compressor: fullPath,
    strategy: 'dom:article',
    kept: ARTICLE_KEPT,
    dropped: ARTICLE_DROPPED,
  },
  {
    name: 'an article page on the light path',
    html: ARTICLE,
    compressor: lightPath,
    strategy: 'dom:light',
    kept: ARTICLE_KEPT,
    dropped: ARTICLE_DROPPED,
  },
  {
    name: 'a documentation page',
    html: DOCS_PAGE,
    compressor: fullPath,
    strategy: 'dom:structure',
    kept: [
      '# ledger.settle',
      'Settles an invoice.',
      '## Parameters',
      '| id | string | Invoice id |',
      "```js\nawait ledger.settle('inv_42', { force: true });\n```",
      '`E_LOCKED`',
    ],
    dropped: ['api.method3', 'Docs footer text'],
  },
  {
    name: 'a search results page',
    html: SEARCH_PAGE,
    compressor: fullPath,
    strategy: 'dom:',
    kept: [
      '# Search: settle invoice',
      '[Result 0: settling invoice balance replica](https://example.test/r/0)',
      'Snippet 11 about',
      'Result 11:',
    ],
    dropped: ['About us', 'Search footer text'],
  },
  {
    name: 'an API reference with a table of contents',
    html: API_REFERENCE_PAGE,
    compressor: fullPath,
    strategy: 'dom:',
    kept: [
      '## client.method0(options)',
      '## client.method11(options)',
      '| opt7 | string |',
      "client.method11({ opt11: 'x' })",
    ],
    dropped: ['toc entry 5', 'Reference footer'],
  },
  {
    name: 'a listing page',
    html: LISTING_PAGE,
    compressor: fullPath,
    strategy: 'dom:',
    kept: ['[Package 0](/p/0) v1.0.0 A short description 0', 'A short description 29'],
    dropped: ['menu entry', 'Listing footer'],
  },
  {
    name: 'a listing page on the light path',
    html: LISTING_PAGE,
    compressor: lightPath,
    strategy: 'dom:light',
    kept: ['[Package 0](/p/0) v1.0.0 A short description 0', 'A short description 29'],
    dropped: ['menu entry', 'Listing footer'],
  },
];

describe(DomCompressor.name, () => {
  describe('compress', () => {
    it.each(CASES)('keeps the content of $name as Markdown', (page) => {
      const outcome = page.compressor.compress(input(page.html));

      expect(outcome.status).toBe('compressed');
      if (outcome.status !== 'compressed') return;
      expect(outcome.transforms.join()).toContain(page.strategy);
      for (const kept of page.kept) {
        expect(outcome.text).toContain(kept);
      }
      for (const dropped of page.dropped) {
        expect(outcome.text).not.toContain(dropped);
      }
    });

    it.each(CASES)('names the whole page as the original of $name', (page) => {
      const outcome = page.compressor.compress(input(page.html));

      expect(outcome.status).toBe('compressed');
      if (outcome.status !== 'compressed') return;
      expect(outcome.originals).toEqual([
        { key: ccrKey(page.html), content: page.html, kind: 'html', compressor: 'dom' },
      ]);
      expect(parseMarkers(outcome.text).map((marker) => marker.key)).toEqual([ccrKey(page.html)]);
      expect(outcome.text.endsWith(']]')).toBe(true);
    });

    it('never runs the scripts or handlers of a page', () => {
      const probe = globalThis as { headroomProbe?: string };
      const html = `<html><head><title>Probe</title><script>globalThis.headroomProbe = 'script';</script></head>
        <body><img src="x" onerror="globalThis.headroomProbe = 'handler'">
        <nav>${'<a href="/somewhere/else">a menu entry</a>'.repeat(60)}</nav>
        <article><p>${'A paragraph of real words for the reader view. '.repeat(40)}</p></article>
        <script>globalThis.headroomProbe = 'body';</script></body></html>`;

      const outcome = fullPath.compress(input(html));

      expect(outcome.status).toBe('compressed');
      expect(probe.headroomProbe).toBeUndefined();
    });

    it('keeps text in other scripts intact', () => {
      const html = `<html><head><title>多言語 ✓</title></head><body><article>
        <h1>多言語 ✓</h1><p>${'日本語の段落です。絵文字 😀 も残ります。'.repeat(30)}</p>
        <p>${'Ünïcödé paragraph text stays as it is. '.repeat(20)}</p></article>
        <nav>${'<a href="/x">menu</a>'.repeat(50)}</nav></body></html>`;

      const outcome = fullPath.compress(input(html));

      expect(outcome.status).toBe('compressed');
      if (outcome.status !== 'compressed') return;
      expect(outcome.text).toContain('日本語の段落です。絵文字 😀 も残ります。');
      expect(outcome.text).toContain('Ünïcödé paragraph text stays as it is.');
    });

    it.each([
      ['lossless-only', input(ARTICLE, { lossless: true })],
      ['too-small', input('<p>hello</p>')],
      ['already-compressed', input(`${ARTICLE}<p>[[headroom:${ccrKey('x')} earlier]]</p>`)],
      [
        'not-compressible',
        input(`<html><body><script>${'var a = 1;'.repeat(300)}</script></body></html>`),
      ],
      ['no-gain', input(`<p>${'plain words and nothing else '.repeat(100)}</p>`)],
    ] as const)('skips with %s', (reason, given) => {
      const outcome = new DomCompressor().compress(given);

      expect(outcome).toEqual(expect.objectContaining({ status: 'skipped', reason }));
    });

    it('passes pages over the size cap through untouched', () => {
      const outcome = new DomCompressor({ maxChars: ARTICLE.length - 1 }).compress(input(ARTICLE));

      expect(outcome).toEqual(
        expect.objectContaining({ status: 'skipped', reason: 'not-compressible' }),
      );
    });

    it('honours the minimum size the router asks for', () => {
      const outcome = new DomCompressor().compress(
        input(ARTICLE, { minChars: ARTICLE.length + 1 }),
      );

      expect(outcome).toEqual({ status: 'skipped', reason: 'too-small' });
    });
  });
});
