import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../lib/document-parser';
import { DomCompressor } from '../lib/dom.compressor';
import { markdownText, tokenF1, wordTokens } from './token-f1';

export type PageQuality = {
  page: string;
  sourcePath: string;
  /** The compressor's output, for callers that count tokens; empty when it skipped. */
  output: string;
  charsBefore: number;
  charsAfter: number;
  strategy: string;
  precision: number;
  recall: number;
  f1: number;
};

export function corpusDirectory(): string {
  return process.env['HEADROOM_CORPUS_DIR'] ?? '/work/shared/corpus';
}

/** The page directories under `<corpus>/html` that hold both a source and an expected text. */
export function corpusPages(corpus = corpusDirectory()): string[] {
  const html = join(corpus, 'html');
  if (!existsSync(html)) {
    throw new Error(
      `HTML corpus not found at ${html}: set HEADROOM_CORPUS_DIR to the shared corpus directory`,
    );
  }

  return readdirSync(html)
    .filter((page) => existsSync(join(html, page, 'source.html')))
    .filter((page) => existsSync(join(html, page, 'expected.html')))
    .sort();
}

/**
 * Token-level F1 of the DOM compressor's Markdown against each page's
 * expected main content, both reduced to word tokens the same way. `light`
 * sends every page down the light path, which by default only large pages take.
 */
export function measureDomQuality(
  corpus = corpusDirectory(),
  path: 'default' | 'light' = 'default',
): PageQuality[] {
  const compressor = new DomCompressor({
    minChars: 0,
    maxRatio: 1,
    ...(path === 'light' ? { lightPathChars: 0 } : {}),
  });

  return corpusPages(corpus).map((page) => {
    const directory = join(corpus, 'html', page);
    const source = readFileSync(join(directory, 'source.html'), 'utf8');
    const expected = parseDocument(readFileSync(join(directory, 'expected.html'), 'utf8'));
    const outcome = compressor.compress({ text: source, kind: 'html', query: '', lossless: false });
    const output = outcome.status === 'compressed' ? outcome.text : '';
    const score = tokenF1(
      wordTokens(markdownText(output)),
      wordTokens(expected.body?.textContent ?? ''),
    );

    return {
      page,
      sourcePath: join(directory, 'source.html'),
      output,
      charsBefore: source.length,
      charsAfter: output.length,
      strategy: outcome.status === 'compressed' ? outcome.transforms.join(',') : outcome.reason,
      ...score,
    };
  });
}
