import { join } from 'node:path';
import type { BenchInput, CompressionScenario } from '../compression/compression-scenario';
import { agentToolOutputs } from './agent-tool-outputs';
import { filesUnder, nameIn, readText } from './corpus-directory';

type Family = {
  family: string;
  label: string;
  what: string;
  load: (root: string) => BenchInput[];
};

const filesOf = (sub: string, accept: (path: string) => boolean) => (root: string) =>
  filesUnder(join(root, sub), accept).map((path) => ({
    name: nameIn(root, path),
    text: readText(path),
  }));

const FAMILIES: readonly Family[] = [
  {
    family: 'json',
    label: 'Corpus: JSON API responses',
    what: 'recorded API responses',
    load: filesOf('json', (p) => p.endsWith('.json')),
  },
  {
    family: 'logs',
    label: 'Corpus: system logs',
    what: 'loghub 2k-line logs',
    load: filesOf('logs', (p) => p.endsWith('.log')),
  },
  {
    family: 'html',
    label: 'Corpus: web pages',
    what: 'web page snapshots',
    load: filesOf('html', (p) => p.endsWith('source.html')),
  },
  {
    family: 'misc',
    label: 'Corpus: misc tool outputs',
    what: 'grep, listings, diffs, test and build output',
    load: filesOf('misc', () => true),
  },
  {
    family: 'agent',
    label: 'Corpus: agent tool outputs',
    what: 'tool results from recorded agent sessions (>= 1,200 chars)',
    load: agentToolOutputs,
  },
];

/** One scenario per corpus family; a family with no files is left out. */
export function corpusScenarios(root: string, measureMs: number): CompressionScenario[] {
  return FAMILIES.flatMap((family) => {
    const inputs = family.load(root);
    if (inputs.length === 0) {
      return [];
    }

    return [
      {
        scenario: `corpus-${family.family}`,
        label: family.label,
        suite: 'corpus' as const,
        description: `${inputs.length} ${family.what} from ${root}; latency is per input`,
        inputs,
        measureMs,
      },
    ];
  });
}
