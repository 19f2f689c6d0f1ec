import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FakeUpstream } from '@headroom/testing';
import { SeededRandom } from '../random/seeded-random';
import { WORDS } from '../random/vocabulary';
import { type BenchResult, RESULT_SCHEMA_VERSION } from '../report/bench-result.schema';
import type { RunContext } from '../report/run-context';
import { type SuiteOutput, formatMb } from '../report/table-row';
import { checkTarget } from '../report/target-check';
import {
  HEAP_PROBED_GATEWAY,
  HeapProbeClient,
  type HeapSample,
  type UsageSample,
  heapProbeNodeArgs,
} from '../soak/heap-probe-client';
import { type GatewayProcess, startGatewayProcess, stopGatewayProcess } from './gateway-process';
import { processMemory } from './process-memory';

// BL-35: large bodies in waves must not ratchet the gateway's RSS up: the
// field report's 3 batches of 500 (about four minutes on two cores). Its 60 s
// settle is 10 s here, then a forced full GC. HEADROOM_BENCH_BATCH_SIZE
// makes the batches smaller on a slower box, HEADROOM_BENCH_BATCHES runs more
// of them (does the peak level off?), and HEADROOM_BENCH_TIMELINE names a
// file that gets every one-second reading as a JSON line.
const BATCHES = Number(process.env['HEADROOM_BENCH_BATCHES'] ?? 3);
const TIMELINE = process.env['HEADROOM_BENCH_TIMELINE'];
const BATCH_SIZE = Number(process.env['HEADROOM_BENCH_BATCH_SIZE'] ?? 500);
const CONCURRENCY = 16;
const BODY_BYTES = 1024 * 1024;
const SAMPLE_MS = 1_000;
const SETTLE_MS = 10_000;
const MB = 2 ** 20;
const PEAK_LIMIT_MB = 1_536;
const SETTLED_ABOVE_BASELINE_MB = 150;
// "No upward trend": the last batch may settle at most this far above the first.
const BATCH_DRIFT_MB = 32;
// Past every batch's seeds, so the warm-up request shares no block with them.
const WARM_UP_SEED = 1_000_000;

type BatchReading = {
  batch: number;
  durationMs: number;
  statuses: Record<string, number>;
  peakRssBytes: number;
  peaks: UsagePeaks;
  settled: HeapSample;
};

/** The highest reading of each part of the process's memory during one batch. */
type UsagePeaks = {
  heapTotalBytes: number;
  heapUsedBytes: number;
  largeObjectSpaceBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  threadHeapTotalBytes: number;
  /** What none of the above accounts for: native heaps (malloc), code, stacks. */
  unaccountedBytes: number;
};

/**
 * Batches (three unless told) of ~1 MB Anthropic bodies (JSON rows, log lines
 * and prose in tool results), 16 at a time, each body distinct. Under load the
 * gateway's memory is read every second, by part (see UsageSampler); after
 * each batch it idles, then a forced full GC (the soak's heap probe) gives the
 * RSS it settles at. The baseline is read at boot and again after one request.
 */
export async function runMemoryBatches(
  context: RunContext,
  root: string,
  emit: (output: SuiteOutput) => void,
): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'headroom-bench-batches-'));
  const upstream = await FakeUpstream.start();
  let gateway: GatewayProcess | undefined;

  try {
    gateway = await startGatewayProcess(
      root,
      {
        HEADROOM_OPENAI_URL: upstream.url,
        HEADROOM_ANTHROPIC_URL: upstream.url,
        HEADROOM_DATABASE_URL: `file:${join(directory, 'ccr.db')}`,
        HEADROOM_LOG_LEVEL: 'warn',
      },
      { nodeArgs: heapProbeNodeArgs(root), ipc: true, readyTimeoutMs: 60_000 },
    );
    const probe = new HeapProbeClient(gateway.child);
    const baseline = await probe.sample();
    // One request loads what the first request of any gateway loads (the
    // vocabulary, grammars, prepared statements): what is left above this
    // after a batch is what the load itself leaves behind.
    await post(`${gateway.url}/v1/messages`, anthropicBody(WARM_UP_SEED));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const warmed = await probe.sample();
    const batches: BatchReading[] = [];

    for (let batch = 0; batch < BATCHES; batch += 1) {
      const pid = gateway.pid;
      const sampler = new UsageSampler(probe, pid, batch);
      const started = performance.now();
      let statuses: Record<string, number>;
      try {
        statuses = await sendBatch(gateway.url, batch, sampler);
      } finally {
        await sampler.stop();
      }
      const durationMs = performance.now() - started;
      const peakRssBytes = Math.max(sampler.peakRssBytes, processMemory(pid).rssBytes);
      upstream.reset();

      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      batches.push({
        batch,
        durationMs,
        statuses,
        peakRssBytes,
        peaks: sampler.peaks,
        settled: await probe.sample(),
      });
    }

    const kernelPeak = processMemory(gateway.pid).peakRssBytes;
    emit(toOutput(context, { baseline, warmed, batches, kernelPeak }));
  } finally {
    if (gateway) await stopGatewayProcess(gateway);
    await upstream.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

async function sendBatch(
  url: string,
  batch: number,
  sampler: UsageSampler,
): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < BATCH_SIZE; index = next++) {
      sampler.inFlight += 1;
      const status = await post(`${url}/v1/messages`, anthropicBody(batch * BATCH_SIZE + index));
      sampler.inFlight -= 1;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  return statuses;
}

/**
 * Reads the gateway's memory every second under load: VmRSS from /proc, and
 * from the probe the main thread's heap, external memory and array buffers
 * and each compressor thread's heap, none of them after a forced collection.
 */
class UsageSampler {
  inFlight = 0;
  peakRssBytes: number;
  readonly peaks: UsagePeaks = {
    heapTotalBytes: 0,
    heapUsedBytes: 0,
    largeObjectSpaceBytes: 0,
    externalBytes: 0,
    arrayBuffersBytes: 0,
    threadHeapTotalBytes: 0,
    unaccountedBytes: 0,
  };
  private readonly timer: NodeJS.Timeout;
  private pending: Promise<void> = Promise.resolve();
  private readonly started = performance.now();

  constructor(
    private readonly probe: HeapProbeClient,
    private readonly pid: number,
    private readonly batch: number,
  ) {
    this.peakRssBytes = processMemory(pid).rssBytes;
    this.timer = setInterval(() => {
      this.pending = this.pending.then(() => this.read());
    }, SAMPLE_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pending;
  }

  private async read(): Promise<void> {
    const rssBytes = processMemory(this.pid).rssBytes;
    const inFlight = this.inFlight;
    this.peakRssBytes = Math.max(this.peakRssBytes, rssBytes);
    let usage: UsageSample;
    try {
      usage = await this.probe.usage();
    } catch {
      return;
    }

    const threadHeapTotalBytes = usage.threads.reduce((sum, t) => sum + t.heapTotalBytes, 0);
    const threadExternalBytes = usage.threads.reduce((sum, t) => sum + t.externalBytes, 0);
    const reading: UsagePeaks = {
      heapTotalBytes: usage.heapTotalBytes,
      heapUsedBytes: usage.heapUsedBytes,
      largeObjectSpaceBytes: usage.spaces['large_object_space'] ?? 0,
      externalBytes: usage.externalBytes,
      arrayBuffersBytes: usage.arrayBuffersBytes,
      threadHeapTotalBytes,
      unaccountedBytes:
        usage.rssBytes -
        usage.heapTotalBytes -
        usage.externalBytes -
        threadHeapTotalBytes -
        threadExternalBytes,
    };
    for (const key of Object.keys(reading) as (keyof UsagePeaks)[]) {
      this.peaks[key] = Math.max(this.peaks[key], reading[key]);
    }
    if (TIMELINE) {
      const atMs = Math.round(performance.now() - this.started);
      const line = { batch: this.batch, atMs, inFlight, rssBytes: usage.rssBytes, ...reading };
      appendFileSync(TIMELINE, `${JSON.stringify({ ...line, threads: usage.threads })}\n`);
    }
  }
}

async function post(url: string, body: string): Promise<number> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'sk-ant-bench-not-a-real-key',
        'anthropic-version': '2023-06-01',
      },
      body,
    });
    await response.arrayBuffer();

    return response.status;
  } catch {
    return 0;
  }
}

/** About 1 MB: three tool results of a third each, seeded so no two requests share a block. */
export function anthropicBody(seed: number): string {
  const random = new SeededRandom(seed + 1);
  const third = Math.floor(BODY_BYTES / 3);
  const results = [rows(third, seed), logLines(third, seed), prose(third, random)];
  const messages: unknown[] = [{ role: 'user', content: 'Why did the nightly import fail?' }];
  results.forEach((content, index) => {
    const id = `toolu_${seed}_${index}`;
    messages.push({
      role: 'assistant',
      content: [{ type: 'tool_use', id, name: 'read', input: { part: index } }],
    });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content }] });
  });

  return JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 512,
    system: 'You are an SRE agent. Use the tools to investigate.',
    tools: [{ name: 'read', description: 'Read a part.', input_schema: { type: 'object' } }],
    messages,
  });
}

// The field-bug generators: order rows with one failed row, heartbeat lines
// with one ERROR line in the middle, neutral English text.
function rows(bytes: number, seed: number): string {
  const items: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i += 1) {
    const failed = i === 137;
    const row = JSON.stringify({
      id: i,
      sku: `SKU-${String(i).padStart(4, '0')}-${seed}`,
      qty: i % 7,
      status: failed ? 'error' : 'ok',
      ...(failed ? { note: 'disk quota exceeded' } : {}),
    });
    items.push(row);
    size += row.length + 1;
  }

  return `[${items.join(',')}]`;
}

function logLines(bytes: number, seed: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i += 1) {
    const line = `2026-01-05T10:00:${String(i % 60).padStart(2, '0')} INFO worker-${seed}-${i % 16} heartbeat ok`;
    lines.push(line);
    size += line.length + 1;
  }
  lines[Math.floor(lines.length / 2)] = '2026-01-05T10:00:30 ERROR db-pool exhausted (max=20)';

  return lines.join('\n');
}

function prose(bytes: number, random: SeededRandom): string {
  const sentences: string[] = [];
  let size = 0;
  while (size < bytes) {
    const words = Array.from({ length: random.int(8, 18) }, () => random.pick(WORDS));
    const sentence = `${words.join(' ')}.`;
    sentences.push(sentence.charAt(0).toUpperCase() + sentence.slice(1));
    size += sentence.length + 1;
  }

  return sentences.join(' ');
}

type Measured = {
  baseline: HeapSample;
  warmed: HeapSample;
  batches: BatchReading[];
  kernelPeak: number | null;
};

function toOutput(context: RunContext, m: Measured): SuiteOutput {
  const mb = (bytes: number) => Math.round(bytes / MB);
  const sampledPeak = Math.max(...m.batches.map((batch) => batch.peakRssBytes));
  const peak = m.kernelPeak ?? sampledPeak;
  const settled = m.batches.map((batch) => batch.settled.rssBytes);
  const worstAboveBaseline = Math.max(...settled) - m.baseline.rssBytes;
  const drift = settled[settled.length - 1] - settled[0];
  const statuses: Record<string, number> = {};
  for (const batch of m.batches) {
    for (const [status, count] of Object.entries(batch.statuses)) {
      statuses[status] = (statuses[status] ?? 0) + count;
    }
  }

  const result: BenchResult = {
    schema: RESULT_SCHEMA_VERSION,
    scenario: 'memory-batches-1mb',
    suite: 'memory',
    label: `Gateway RSS, ${BATCHES} batches × ${BATCH_SIZE} × 1 MB Anthropic, 16 at once`,
    ...context,
    inputs: {
      count: BATCHES * BATCH_SIZE,
      bytes: BATCHES * BATCH_SIZE * BODY_BYTES,
      description:
        `${BATCHES} batches of ${BATCH_SIZE} Anthropic requests at concurrency ${CONCURRENCY}, ` +
        `each ~1 MB (rows, log lines, prose in tool results); RSS read every ${SAMPLE_MS} ms, ` +
        `then ${SETTLE_MS / 1000} s idle and a forced full GC after each batch (BL-35)`,
    },
    iterations: BATCHES,
    tokens: null,
    reduction: null,
    latencyMs: null,
    stagesMs: null,
    targets: [
      checkTarget('Peak RSS under 1 MB batches', 'VmHWM', '<=', PEAK_LIMIT_MB, mb(peak), 'MB'),
      checkTarget(
        'Settled RSS above the pre-load baseline',
        'max over batches of post-GC RSS minus baseline',
        '<=',
        SETTLED_ABOVE_BASELINE_MB,
        mb(worstAboveBaseline),
        'MB',
      ),
      checkTarget(
        'No upward trend from batch to batch',
        'post-GC RSS after the last batch minus after the first',
        '<=',
        BATCH_DRIFT_MB,
        mb(drift),
        'MB',
      ),
    ],
    details: {
      baselineRssBytes: m.baseline.rssBytes,
      baselineHeapUsedBytes: m.baseline.heapUsedBytes,
      warmedRssBytes: m.warmed.rssBytes,
      warmedHeapUsedBytes: m.warmed.heapUsedBytes,
      worstSettledAboveWarmedBytes: Math.max(...settled) - m.warmed.rssBytes,
      peakRssBytes: peak,
      sampledPeakRssBytes: sampledPeak,
      batches: m.batches.map((batch) => ({
        batch: batch.batch,
        durationMs: Math.round(batch.durationMs),
        statuses: batch.statuses,
        peakRssBytes: batch.peakRssBytes,
        peaks: batch.peaks,
        settledRssBytes: batch.settled.rssBytes,
        settledHeapUsedBytes: batch.settled.heapUsedBytes,
        settledHeapTotalBytes: batch.settled.heapTotalBytes,
        settledExternalBytes: batch.settled.externalBytes,
      })),
      settleMs: SETTLE_MS,
      concurrency: CONCURRENCY,
      process: HEAP_PROBED_GATEWAY,
    },
  };

  return {
    result,
    row: {
      scenario: result.label,
      tokens: '–',
      reduction: '–',
      p50: '–',
      tail: '–',
      runs: String(BATCHES * BATCH_SIZE),
      split: '–',
      published: '–',
      notes:
        `peak RSS ${formatMb(peak)}, per batch ${m.batches.map((batch) => formatMb(batch.peakRssBytes)).join(' → ')}; ` +
        `baseline ${formatMb(m.baseline.rssBytes)} (${formatMb(m.warmed.rssBytes)} after one request), settled after each batch ` +
        `${settled.map((bytes) => formatMb(bytes)).join(' → ')}; statuses ${JSON.stringify(statuses)}`,
    },
  };
}
