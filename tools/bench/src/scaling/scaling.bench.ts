import { performance } from 'node:perf_hooks';
import { CompressorRegistry, defaultCompressors } from '@headroom/pipeline';
import { detectContent } from '@headroom/router';
import { budgetFor, iterate } from '../compression/iteration-budget';
import { searchResults } from '../generators/json-scenarios';
import { serviceLog } from '../generators/log-lines';
import { type BenchResult, RESULT_SCHEMA_VERSION } from '../report/bench-result.schema';
import type { RunContext } from '../report/run-context';
import { type SuiteOutput, formatMs } from '../report/table-row';
import { checkTarget } from '../report/target-check';
import { growthExponent, linearFit } from '../stats/linear-fit';
import { round, roundSummary, summarize } from '../stats/percentiles';

const SIZES = [1_000, 2_000, 4_000, 5_000, 8_000, 16_000];
const QUICK_SIZES = [1_000, 2_000, 5_000];
const MEASURE_MS = 1_000;
// Below this exponent of t ≈ c·n^k the growth is called linear: a little
// above 1 is what cache misses on bigger inputs cost, 2 would be quadratic.
const LINEAR_EXPONENT = 1.15;
const RATIO_LIMIT = 5.5;

type Series = {
  scenario: string;
  label: string;
  unit: string;
  make: (size: number) => string;
};

const SERIES: readonly Series[] = [
  {
    scenario: 'scaling-json',
    label: 'Scaling: JSON search results',
    unit: 'items',
    make: (n) => searchResults(n, 1),
  },
  {
    scenario: 'scaling-logs',
    label: 'Scaling: service log',
    unit: 'lines',
    make: (n) => serviceLog(n, 7),
  },
];

type Point = { size: number; bytes: number; iterations: number; p50Ms: number; p95Ms: number };

/** Router + compressor time against input size, and whether it grows linearly. */
export async function runScaling(
  context: RunContext,
  emit: (output: SuiteOutput) => void,
): Promise<void> {
  const registry = new CompressorRegistry(defaultCompressors());
  const sizes = context.quick ? QUICK_SIZES : SIZES;

  for (const series of SERIES) {
    const points: Point[] = [];
    for (const size of sizes) {
      points.push(await measurePoint(registry, series.make(size), size, context.quick));
    }
    emit(toOutput(series, points, context));
  }
}

async function measurePoint(
  registry: CompressorRegistry,
  text: string,
  size: number,
  quick: boolean,
): Promise<Point> {
  const samples: number[] = [];
  const iterations = await iterate(budgetFor(MEASURE_MS, quick), async (_iteration, measured) => {
    const started = performance.now();
    const detection = detectContent(text);
    await registry.compress({
      text,
      kind: detection.kind,
      language: detection.language,
      query: '',
      lossless: false,
    });
    if (measured) samples.push(performance.now() - started);
  });
  const summary = roundSummary(summarize(samples));

  return {
    size,
    bytes: Buffer.byteLength(text, 'utf8'),
    iterations,
    p50Ms: summary.p50,
    p95Ms: summary.p95,
  };
}

function toOutput(series: Series, points: readonly Point[], context: RunContext): SuiteOutput {
  const sizes = points.map((point) => point.size);
  const times = points.map((point) => point.p50Ms);
  const at = (size: number) => points.find((point) => point.size === size)?.p50Ms ?? NaN;
  const ratio = at(5_000) / at(1_000);
  const fit = linearFit(sizes, times);
  const exponent = growthExponent(sizes, times);
  const isLinear = exponent <= LINEAR_EXPONENT;
  const result: BenchResult = {
    schema: RESULT_SCHEMA_VERSION,
    scenario: series.scenario,
    suite: 'scaling',
    label: series.label,
    ...context,
    inputs: {
      count: points.length,
      bytes: points.reduce((sum, point) => sum + point.bytes, 0),
      description: `${series.unit}: ${sizes.join(', ')}; p50 of router + compressor`,
    },
    iterations: points.reduce((sum, point) => sum + point.iterations, 0),
    tokens: null,
    reduction: null,
    latencyMs: null,
    stagesMs: null,
    targets: [
      checkTarget(
        `${series.label} t(5,000)/t(1,000)`,
        'ratio of p50 times',
        '<=',
        RATIO_LIMIT,
        round(ratio, 2),
        '×',
      ),
    ],
    details: {
      points,
      ratio5000to1000: round(ratio, 3),
      msPer1000: round(fit.slope * 1_000, 3),
      interceptMs: round(fit.intercept, 3),
      r2: round(fit.r2, 4),
      growthExponent: round(exponent, 3),
      linear: isLinear,
      linearMeans: `growth exponent of t ≈ c·n^k at most ${LINEAR_EXPONENT}`,
    },
  };

  return {
    result,
    row: {
      scenario: series.label,
      tokens: '–',
      reduction: '–',
      p50: points.map((point) => formatMs(point.p50Ms)).join(' / '),
      tail: '–',
      runs: String(result.iterations),
      split: '–',
      published: '–',
      notes: `${series.unit} ${sizes.join('/')}; t(5k)/t(1k) ${ratio.toFixed(2)}; ${formatMs(fit.slope * 1_000)} ms per 1k (r² ${fit.r2.toFixed(3)}); exponent ${exponent.toFixed(2)}: ${isLinear ? 'linear' : 'NOT linear'}`,
    },
  };
}
