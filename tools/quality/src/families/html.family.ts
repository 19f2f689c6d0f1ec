import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readText } from '../corpus-files';
import { htmlF1 } from '../fidelity/html-f1';
import type { QualityFamily } from '../quality.types';

/** Web pages with the main content Readability is expected to find; fidelity is token F1. */
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
  fidelity: (input, output) => htmlF1(input.reference ?? '', output),
};
