import { corpusDirectory } from '../corpus/corpus-directory';
import { workspaceRoot } from '../report/result-files';
import { type SoakReport, mb, runSoak } from './soak-run';
import { SOAK_KINDS } from './soak-traffic';

// The bounded soak CI runs: about 80 s in all on two shared cores, at a rate
// a loaded CI box sustains (30 to 40 ms of gateway CPU per request). It
// catches gross leaks (a request body kept per request is ~15 MB here); the
// long run is `npm run bench -- --only soak --duration 10m` (tools/bench/README.md).
const RATE = 4;
const DURATION_MS = 50_000;
const WARMUP_MS = 20_000;
const SAMPLE_EVERY_MS = 3_000;

describe('soak (bounded, CI)', () => {
  let report: SoakReport;
  const lines: string[] = [];

  beforeAll(async () => {
    report = await runSoak({
      root: workspaceRoot(),
      corpusRoot: corpusDirectory(),
      ratePerSecond: RATE,
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS,
      sampleEveryMs: SAMPLE_EVERY_MS,
      seed: 9,
      fromSource: true,
      log: (line) => lines.push(line),
    });
    lines.push(`failure counters: ${JSON.stringify(report.failureCounters)}`);
  }, 150_000);

  afterAll(() => {
    process.stdout.write(`${lines.join('\n')}\n`);
  });

  it('answers every request with the status and body its kind expects', () => {
    expect(report.problems).toEqual([]);
    expect(report.unexpected).toBe(0);
    expect(report.requests).toBe(report.load.scheduled);
    const kinds = new Set(Object.keys(report.statuses).map((label) => label.split('/')[0]));
    expect([...kinds].sort()).toEqual([...SOAK_KINDS].sort());
  });

  it('offers the fixed rate, whatever the answers do', () => {
    expect(report.load.achievedRate).toBeGreaterThan(RATE * 0.97);
    expect(report.load.achievedRate).toBeLessThan(RATE * 1.03);
  });

  it('retrieves markers the run saw: every marker sent upstream has its original stored', () => {
    const retrieved =
      (report.statuses['retrieve/get']?.['200'] ?? 0) +
      (report.statuses['retrieve/post']?.['200'] ?? 0);

    expect(report.markersSeen).toBeGreaterThan(0);
    expect(retrieved).toBeGreaterThan(0);
  });

  it('reads what the bounded caches hold beside each heap reading', () => {
    const held = report.samples.map((sample) => sample.cacheBytes);

    expect(held.every((bytes) => bytes !== null)).toBe(true);
    // Compressed turns leave outcomes and sessions behind, within their bounds (64 MB each).
    expect(held.at(-1)).toBeGreaterThan(0);
    expect(Math.max(...(held as number[]))).toBeLessThanOrEqual(2 * 64 * 2 ** 20);
  });

  it('keeps the post-GC heap flat after the warm-up', () => {
    const { trend } = report;
    const summary = `heap ${mb(trend.first.heapUsedBytes)} → ${mb(trend.last.heapUsedBytes)}, fitted growth ${mb(trend.heapFittedGrowthBytes)} (tolerance ${mb(trend.toleranceBytes)}); rss ${mb(trend.first.rssBytes)} → ${mb(trend.last.rssBytes)}`;
    lines.push(`soak verdict: ${summary}`);

    expect(trend.points.length).toBeGreaterThanOrEqual(5);
    expect(trend.first.heapUsedBytes).toBeGreaterThan(0);
    expect({ isFlat: trend.isFlat, summary }).toEqual({ isFlat: true, summary });
  });
});
