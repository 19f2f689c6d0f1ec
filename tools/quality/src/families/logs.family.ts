import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readText } from '../corpus-files';
import { loghubFidelity } from '../fidelity/loghub-templates';
import type { QualityFamily } from '../quality.types';

/** The loghub 2k-line samples, judged against their ground-truth templates. */
export const logsFamily: QualityFamily = {
  name: 'logs',
  cases: (corpus) =>
    readdirSync(join(corpus, 'logs'))
      .filter((name) => !name.includes('.'))
      .sort()
      .map((name) => ({
        name: `logs/${name}`,
        text: readText(corpus, join('logs', name, `${name}_2k.log`)),
        query: '',
        kind: 'log',
        reference: readText(corpus, join('logs', name, `${name}_2k.log_templates.csv`)),
      })),
  fidelity: (input, output) => loghubFidelity(input.text, output, input.reference ?? ''),
};
