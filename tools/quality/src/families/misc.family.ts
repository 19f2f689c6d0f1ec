import { listFiles, readText } from '../corpus-files';
import { toolOutputFidelity } from '../fidelity/tool-output-needles';
import type { QualityFamily } from '../quality.types';

/** Tool outputs an agent sees: grep, listings, test runs, builds, git, diffs. Routed as the gateway would. */
export const miscFamily: QualityFamily = {
  name: 'misc',
  cases: (corpus) =>
    listFiles(corpus, 'misc').map((path) => ({
      name: path,
      text: readText(corpus, path),
      query: '',
    })),
  fidelity: (input, output, kind) => toolOutputFidelity(input.text, output, kind),
};
