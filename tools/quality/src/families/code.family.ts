import { readFileSync } from 'node:fs';
import { findCodeSamples } from '@headroom/compressor-code';
import { scoreNeedles } from '../fidelity/needle-score';
import type { QualityFamily } from '../quality.types';

const SAMPLES_PER_LANGUAGE = 2;
const DECLARATION =
  /^\s*(?:export\s+(?:default\s+)?)?(?:(?:async\s+)?(?:function|def)\s|class\s|interface\s|func\s|(?:pub(?:\([\w:]+\))?\s+)?fn\s|(?:public|private|protected)\s+[\w<>[\], ]+\(|import\s|from\s+\S+\s+import\s|#include\s|use\s+[\w:]+)/;

/**
 * Installed third-party sources (node_modules, Python's library, system
 * examples), found by the code compressor's own sampler so both measure the
 * same files. Fidelity: the share of import and declaration lines kept.
 */
export const codeFamily: QualityFamily = {
  name: 'code',
  cases: () =>
    findCodeSamples(undefined, SAMPLES_PER_LANGUAGE).map((sample) => ({
      name: `${sample.path} (${sample.language})`,
      text: readFileSync(sample.path, 'utf8'),
      query: '',
      kind: 'code',
      language: sample.language,
    })),
  fidelity: (input, output) =>
    scoreNeedles(
      input.text
        .split('\n')
        .filter((line) => DECLARATION.test(line) && line.length < 200)
        .map((line) => line.trim()),
      (line) => output.includes(line),
    ),
};
