import { largeWebPage } from '../generators/web-pages';
import { checkTarget } from '../report/target-check';
import type { CompressionScenario } from './compression-scenario';

const KB = 1024;
const MB = 1024 * KB;

const PAGES = [
  { scenario: 'dom-page-500kb', label: 'Web page 500 KB (DOM)', bytes: 500 * KB, limitMs: 200 },
  { scenario: 'dom-page-2mb', label: 'Web page 2 MB (DOM)', bytes: 2 * MB, limitMs: 800 },
] as const;

/** Large pages built from the corpus, for the DOM compressor's size targets. */
export function domScenarios(corpusRoot: string, measureMs: number): CompressionScenario[] {
  return PAGES.map((page) => ({
    scenario: page.scenario,
    label: page.label,
    suite: 'dom',
    description: `corpus page shell extended with corpus article bodies to ${page.bytes} bytes`,
    inputs: [{ name: page.scenario, text: largeWebPage(corpusRoot, page.bytes) }],
    measureMs,
    targets: (m) => [
      checkTarget(
        page.label,
        'p50 of the DOM compressor stage',
        '<=',
        page.limitMs,
        m.stages.compressor.p50,
        'ms',
      ),
    ],
  }));
}
