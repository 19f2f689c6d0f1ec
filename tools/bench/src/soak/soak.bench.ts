import type { SoakArgs } from '../cli/bench-args';
import { type BenchResult, RESULT_SCHEMA_VERSION } from '../report/bench-result.schema';
import type { RunContext } from '../report/run-context';
import { round, roundSummary } from '../stats/percentiles';
import { type SuiteOutput, formatMb, formatMs } from '../report/table-row';
import { checkTarget } from '../report/target-check';
import { HEAP_PROBED_GATEWAY } from './heap-probe-client';
import { type SoakReport, mb, runSoak } from './soak-run';

const SEED = 20_261_204;
// --quick is a smoke test of the machinery, not a soak.
const QUICK: SoakArgs = { durationSeconds: 20, ratePerSecond: 5 };
const MB = 2 ** 20;

/**
 * Warm-up and sampling scale with the run: unless named, a quarter (at most
 * two minutes) warms up; ~40 readings.
 */
export function soakSchedule(
  durationSeconds: number,
  warmupSeconds?: number,
): { warmupMs: number; sampleEveryMs: number } {
  const durationMs = durationSeconds * 1000;

  return {
    warmupMs:
      warmupSeconds === undefined
        ? Math.min(120_000, Math.round(durationMs / 4))
        : warmupSeconds * 1000,
    sampleEveryMs: Math.max(5_000, Math.round(durationMs / 40)),
  };
}

/**
 * The soak suite: the compiled gateway in its own process under fixed-rate
 * mixed traffic for `--duration`, its post-GC heap read through the run.
 */
export async function runSoakSuite(
  context: RunContext,
  root: string,
  corpusRoot: string,
  settings: SoakArgs,
  emit: (output: SuiteOutput) => void,
  log: (line: string) => void = console.log,
): Promise<void> {
  const args = context.quick ? QUICK : settings;
  const report = await runSoak({
    root,
    corpusRoot,
    ratePerSecond: args.ratePerSecond,
    durationMs: args.durationSeconds * 1000,
    ...soakSchedule(args.durationSeconds, args.warmupSeconds),
    seed: SEED,
    fromSource: false,
    snapshotDirectory: process.env['HEADROOM_SOAK_SNAPSHOT_DIR'] || undefined,
    log,
  });

  emit(toOutput(context, report));
}

export function toOutput(context: RunContext, report: SoakReport): SuiteOutput {
  const { trend, load } = report;
  const cacheBytes = report.samples.at(-1)?.cacheBytes ?? null;
  const result: BenchResult = {
    schema: RESULT_SCHEMA_VERSION,
    scenario: 'soak-mixed',
    suite: 'soak',
    label: `Soak, ${round(report.ratePerSecond, 1)} req/s mixed for ${round(report.durationMs / 60_000, 1)} min`,
    ...context,
    inputs: {
      count: report.requests,
      bytes: 0,
      description:
        'open-loop fixed-rate mix from the corpus: OpenAI and Anthropic tool turns (JSON, logs, HTML, agent tool output), SSE streams, passthrough, /v1/compress, /v1/retrieve of markers seen, bad requests',
      seed: report.seed,
    },
    iterations: 1,
    tokens: null,
    reduction: null,
    latencyMs: roundSummary(report.latency),
    stagesMs: null,
    targets: [
      checkTarget(
        'Soak: unexpected answers',
        'status or body not the expected one, incl. client errors',
        '<=',
        0,
        report.unexpected,
        'requests',
      ),
      checkTarget(
        'Soak: offered rate',
        'starts per second, open loop',
        '>=',
        round(report.ratePerSecond * 0.97, 2),
        round(load.achievedRate, 2),
        'req/s',
      ),
      checkTarget(
        'Soak: post-GC heap growth after warm-up',
        `fitted line across ${round((trend.last.atMs - trend.first.atMs) / 60_000, 1)} min`,
        '<=',
        round(trend.toleranceBytes / MB, 1),
        round(trend.heapFittedGrowthBytes / MB, 1),
        'MB',
      ),
    ],
    details: {
      load,
      statuses: report.statuses,
      problems: report.problems,
      latencyByKind: Object.fromEntries(
        Object.entries(report.latencyByKind).map(([kind, summary]) => [
          kind,
          roundSummary(summary),
        ]),
      ),
      warmupMs: report.warmupMs,
      heap: {
        first: trend.first,
        middle: trend.middle,
        last: trend.last,
        idleAfter: report.idleAfter,
        slopeBytesPerMinute: Math.round(trend.heapSlopeBytesPerMinute),
        fittedGrowthBytes: Math.round(trend.heapFittedGrowthBytes),
        lastMinusFirstBytes: trend.heapLastMinusFirstBytes,
        toleranceBytes: Math.round(trend.toleranceBytes),
      },
      rss: {
        slopeBytesPerMinute: Math.round(trend.rssSlopeBytesPerMinute),
        lastMinusFirstBytes: trend.rssLastMinusFirstBytes,
        peakBytes: report.peakRssBytes,
      },
      samples: report.samples,
      gatewayCpuMsPerRequest: report.gatewayCpuMsPerRequest,
      markersSeen: report.markersSeen,
      failureCounters: report.failureCounters,
      upstreamRequests: report.upstreamRequests,
      snapshots: report.snapshots,
      process: HEAP_PROBED_GATEWAY,
    },
  };

  return {
    result,
    row: {
      scenario: result.label,
      tokens: '–',
      reduction: '–',
      p50: formatMs(report.latency.p50),
      tail: `${formatMs(report.latency.p95)} / ${formatMs(report.latency.p99)}`,
      runs: String(report.requests),
      split: '–',
      published: '–',
      notes: `${report.unexpected} unexpected; ${round(load.achievedRate, 2)} req/s offered; post-GC heap ${mb(trend.first.heapUsedBytes)} → ${mb(trend.middle.heapUsedBytes)} → ${mb(trend.last.heapUsedBytes)} (fit ${formatMb(trend.heapFittedGrowthBytes)}, tolerance ${formatMb(trend.toleranceBytes)}; bounded caches hold ${cacheBytes === null ? '?' : mb(cacheBytes)}); RSS ${formatMb(trend.first.rssBytes)} → ${formatMb(trend.last.rssBytes)}`,
    },
  };
}
