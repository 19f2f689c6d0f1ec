import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { markdownText, tokenF1, wordTokens } from '@headroom/compressor-dom';
import { readText } from '../corpus-files';
import type { QualityFamily } from '../quality.types';

const LOW_F1 = 0.6;

/**
 * Web pages with the main content Readability is expected to find. Fidelity
 * is token F1 against that content, scored with the DOM compressor's own
 * tokenizer so the table and its tests agree.
 */
export const htmlFamily: QualityFamily = {
  name: 'html',
  cases: (corpus) =>
    readdirSync(join(corpus, 'html'))
      .sort()
      .map((page) => ({
        name: `html/${page}`,
        text: readText(corpus, join('html', page, 'source.html')),
        query: '',
        kind: 'html',
        reference: readText(corpus, join('html', page, 'expected.html')),
      })),
  fidelity: (input, output) => {
    const expected = (input.reference ?? '')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;|&#160;/g, ' ');
    const { f1 } = tokenF1(wordTokens(markdownText(output)), wordTokens(expected));

    return { score: f1, needles: 1, lost: f1 < LOW_F1 ? [`token F1 ${f1.toFixed(2)}`] : [] };
  },
};
