import {
  apiResponses,
  databaseRows,
  mixedArray,
  numberArray,
  searchResults,
  stringArray,
} from '../generators/json-scenarios';
import { checkTarget } from '../report/target-check';
import type { CompressionScenario } from './compression-scenario';

// Headroom's SDK latency table (see /work/shared/reference/headroom-study.md, 6.2).
const PUBLISHED = 'Headroom SDK latency table (docs benchmarks page)';

type Generated = {
  scenario: string;
  label: string;
  make: (count: number, seed?: number) => string;
  count: number;
  seed: number;
  what: string;
  published?: { p50Ms: number; p95Ms?: number };
  query?: string;
};

const GENERATED: readonly Generated[] = [
  {
    scenario: 'json-search-100',
    label: 'JSON search results (100)',
    make: searchResults,
    count: 100,
    seed: 1,
    what: 'search hits',
    published: { p50Ms: 189, p95Ms: 231 },
    query: 'cache invalidation timeout',
  },
  {
    scenario: 'json-search-500',
    label: 'JSON search results (500)',
    make: searchResults,
    count: 500,
    seed: 1,
    what: 'search hits',
    published: { p50Ms: 943 },
    query: 'cache invalidation timeout',
  },
  {
    scenario: 'json-search-1000',
    label: 'JSON search results (1,000)',
    make: searchResults,
    count: 1000,
    seed: 1,
    what: 'search hits',
    published: { p50Ms: 2012 },
    query: 'cache invalidation timeout',
  },
  {
    scenario: 'json-search-5000',
    label: 'JSON search results (5,000)',
    make: searchResults,
    count: 5000,
    seed: 1,
    what: 'search hits',
    query: 'cache invalidation timeout',
  },
  {
    scenario: 'json-api-500',
    label: 'API responses (500)',
    make: apiResponses,
    count: 500,
    seed: 2,
    what: 'orders in a paginated list',
    published: { p50Ms: 743 },
  },
  {
    scenario: 'json-db-1000',
    label: 'Database rows (1,000)',
    make: databaseRows,
    count: 1000,
    seed: 3,
    what: 'SQL rows',
    published: { p50Ms: 961 },
  },
  {
    scenario: 'json-strings-100',
    label: 'String array (100)',
    make: stringArray,
    count: 100,
    seed: 4,
    what: 'strings',
    published: { p50Ms: 15 },
  },
  {
    scenario: 'json-strings-500',
    label: 'String array (500)',
    make: stringArray,
    count: 500,
    seed: 4,
    what: 'strings',
    published: { p50Ms: 72 },
  },
  {
    scenario: 'json-strings-1000',
    label: 'String array (1,000)',
    make: stringArray,
    count: 1000,
    seed: 4,
    what: 'strings',
  },
  {
    scenario: 'json-numbers-200',
    label: 'Number array (200)',
    make: numberArray,
    count: 200,
    seed: 5,
    what: 'numbers',
    published: { p50Ms: 31 },
  },
  {
    scenario: 'json-numbers-1000',
    label: 'Number array (1,000)',
    make: numberArray,
    count: 1000,
    seed: 5,
    what: 'numbers',
  },
  {
    scenario: 'json-mixed-250',
    label: 'Mixed array (250)',
    make: mixedArray,
    count: 250,
    seed: 6,
    what: 'mixed values',
    published: { p50Ms: 38 },
  },
];

const COMPRESS_PATH = 'p50 of router + compressor + CCR write (memory)';

const TARGETS: Record<string, CompressionScenario['targets']> = {
  'json-search-1000': (m) => [
    checkTarget(
      'JSON 1,000 search results latency',
      COMPRESS_PATH,
      '<=',
      20,
      m.compressPath.p50,
      'ms',
    ),
    checkTarget(
      'JSON 1,000 search results reduction',
      'o200k tokens saved',
      '>=',
      97,
      reductionPercent(m),
      '%',
    ),
  ],
  'json-search-100': (m) => [
    checkTarget(
      'JSON 100 search results latency',
      COMPRESS_PATH,
      '<=',
      2,
      m.compressPath.p50,
      'ms',
    ),
  ],
};

export function reductionPercent(m: { tokensBefore: number; tokensAfter: number }): number {
  return m.tokensBefore === 0 ? 0 : (1 - m.tokensAfter / m.tokensBefore) * 100;
}

/** The generated scenarios of Headroom's latency table, plus the sizes it left out. */
export function jsonScenarios(measureMs: number): CompressionScenario[] {
  return GENERATED.map((entry) => ({
    scenario: entry.scenario,
    label: entry.label,
    suite: 'json',
    description: `${entry.count} generated ${entry.what}, seed ${entry.seed}, pretty-printed JSON`,
    inputs: [{ name: entry.scenario, text: entry.make(entry.count, entry.seed) }],
    query: entry.query,
    seed: entry.seed,
    published: entry.published ? { ...entry.published, source: PUBLISHED } : undefined,
    measureMs,
    targets: TARGETS[entry.scenario],
  }));
}
