import { ccrKey, parseMarkers, type CompressOutcome } from '@headroom/contracts';
import fc from 'fast-check';
import { DomCompressor } from './dom.compressor';

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const fragment = fc.oneof(
  text,
  text.map((t) => `<p>${t}</p>`),
  text.map((t) => `<h2>${t}</h2>`),
  text.map((t) => `<a href="/${encodeURIComponent(t)}">${t}</a>`),
  text.map((t) => `<li>${t}`),
  text.map((t) => `<td>${t}</td>`),
  text.map((t) => `<pre><code>${t}</code></pre>`),
  text.map((t) => `<script>${t}</script>`),
  text.map((t) => `<style>${t}</style>`),
  text.map((t) => `<!-- ${t} -->`),
  fc.constantFrom(
    '<nav><a href="/a">Home</a></nav>',
    '<table><tr><th>a</th></tr><tr><td>1</td></tr>',
    '<div class="sidebar">',
    '</div>',
    '<article>',
    '<ul>',
    '</ul>',
    '<math><mi>x</mi></math>',
    '<img src="data:image/png;base64,AAAA" alt="pixel">',
    ']]',
    '[[headroom:',
    '<svg><text>x</text></svg>',
  ),
);
const page = fc
  .tuple(text, fc.array(fragment, { maxLength: 60 }))
  .map(
    ([title, body]) =>
      `<html><head><title>${title}</title></head><body>${body.join('\n')}</body></html>`,
  );
const anyInput = fc.oneof(page, fc.string({ maxLength: 400 }));

const compressors = [
  new DomCompressor({ minChars: 0, maxRatio: 1 }),
  new DomCompressor({ minChars: 0, maxRatio: 1, lightPathChars: 0 }),
];

function run(compressor: DomCompressor, html: string): CompressOutcome {
  return compressor.compress({ text: html, kind: 'html', query: '', lossless: false });
}

describe(DomCompressor.name, () => {
  describe.each(
    compressors.map((compressor, index) => [index === 0 ? 'full' : 'light', compressor]),
  )('on the %s path', (_path, compressor) => {
    it('never throws and gives the same bytes twice', () => {
      fc.assert(
        fc.property(anyInput, (html) => {
          expect(run(compressor, html)).toEqual(run(compressor, html));
        }),
        { numRuns: 150 },
      );
    });

    it('never grows the input beyond the closing marker', () => {
      fc.assert(
        fc.property(anyInput, (html) => {
          const outcome = run(compressor, html);
          const output = outcome.status === 'compressed' ? outcome.text : html;

          expect(output.length).toBeLessThanOrEqual(html.length + 200);
        }),
        { numRuns: 150 },
      );
    });

    it('names only the input, returned whole, in its markers', () => {
      fc.assert(
        fc.property(anyInput, (html) => {
          const outcome = run(compressor, html);
          if (outcome.status !== 'compressed') return;

          expect(outcome.originals.map((original) => original.content)).toEqual([html]);
          for (const marker of parseMarkers(outcome.text)) {
            expect(marker.key).toBe(ccrKey(html));
          }
        }),
        { numRuns: 150 },
      );
    });
  });
});
