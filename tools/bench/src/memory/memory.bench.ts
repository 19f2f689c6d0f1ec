import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FakeUpstream } from '@headroom/testing';
import { BASE_HEADERS, CHAT_PATH, toolOutputChatBody } from '../gateway/chat-bodies';
import { logOfBytes } from '../generators/tool-output';
import { type BenchResult, RESULT_SCHEMA_VERSION } from '../report/bench-result.schema';
import type { RunContext } from '../report/run-context';
import { type SuiteOutput, formatMb, formatMs } from '../report/table-row';
import { checkTarget } from '../report/target-check';
import { runMemoryBatches } from './memory-batches.bench';
import { processMemory } from './process-memory';
import { type GatewayProcess, startGatewayProcess, stopGatewayProcess } from './gateway-process';

const CONCURRENT = 50;
const BODY_BYTES = 1024 * 1024;
const SAMPLE_MS = 20;
const RSS_LIMIT_BYTES = 300 * 1024 * 1024;

/**
 * Peak RSS of the compiled gateway (its own process) while 50 requests, each
 * carrying about 1 MB of tool output in default mode, are in flight at once.
 * Every body is distinct so no compression-cache hit makes it cheap.
 */
export async function runMemory(
  context: RunContext,
  root: string,
  corpusRoot: string | undefined,
  emit: (output: SuiteOutput) => void,
): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'headroom-bench-memory-'));
  const upstream = await FakeUpstream.start();
  // One round is the scenario; more would only repeat it at a minute each.
  const rounds = 1;
  let gateway: GatewayProcess | undefined;

  try {
    gateway = await startGatewayProcess(root, {
      HEADROOM_OPENAI_URL: upstream.url,
      HEADROOM_ANTHROPIC_URL: upstream.url,
      HEADROOM_DATABASE_URL: `file:${join(directory, 'ccr.db')}`,
      HEADROOM_LOG_LEVEL: 'warn',
    });
    const baseline = processMemory(gateway.pid);
    let sampledPeak = baseline.rssBytes;
    const sampler = setInterval(() => {
      if (gateway) sampledPeak = Math.max(sampledPeak, processMemory(gateway.pid).rssBytes);
    }, SAMPLE_MS);

    const statuses: Record<string, number> = {};
    const roundMs: number[] = [];
    let bodyBytes = 0;
    try {
      for (let round = 0; round < rounds; round += 1) {
        const bodies = Array.from({ length: CONCURRENT }, (_, index) =>
          toolOutputChatBody(
            `request ${round}-${index}\n${logOfBytes(BODY_BYTES - 600, corpusRoot, (round * CONCURRENT + index) * 97)}`,
          ),
        );
        bodyBytes =
          bodies.reduce((sum, body) => sum + Buffer.byteLength(body, 'utf8'), 0) / bodies.length;
        const started = performance.now();
        const replies = await Promise.all(
          bodies.map((body) => post(`${gateway?.url}${CHAT_PATH}`, body)),
        );
        roundMs.push(performance.now() - started);
        replies.forEach((status) => (statuses[status] = (statuses[status] ?? 0) + 1));
        upstream.reset();
      }
    } finally {
      clearInterval(sampler);
    }

    const after = processMemory(gateway.pid);
    const peak = after.peakRssBytes ?? Math.max(sampledPeak, after.rssBytes);
    emit(
      toOutput(context, {
        baseline: baseline.rssBytes,
        peak,
        sampledPeak,
        after: after.rssBytes,
        statuses,
        roundMs,
        bodyBytes,
        rounds,
      }),
    );
  } finally {
    if (gateway) await stopGatewayProcess(gateway);
    await upstream.close();
    rmSync(directory, { recursive: true, force: true });
  }

  await runMemoryBatches(context, root, emit);
}

async function post(url: string, body: string): Promise<number> {
  try {
    const response = await fetch(url, { method: 'POST', headers: BASE_HEADERS, body });
    await response.arrayBuffer();

    return response.status;
  } catch {
    return 0;
  }
}

type MemoryMeasurement = {
  baseline: number;
  peak: number;
  sampledPeak: number;
  after: number;
  statuses: Record<string, number>;
  roundMs: number[];
  bodyBytes: number;
  rounds: number;
};

function toOutput(context: RunContext, m: MemoryMeasurement): SuiteOutput {
  const result: BenchResult = {
    schema: RESULT_SCHEMA_VERSION,
    scenario: 'memory-50x1mb',
    suite: 'memory',
    label: 'Gateway memory, 50 × 1 MB concurrent',
    ...context,
    inputs: {
      count: CONCURRENT * m.rounds,
      bytes: Math.round(m.bodyBytes * CONCURRENT * m.rounds),
      description: `${m.rounds} rounds of ${CONCURRENT} concurrent chat requests, each ~1 MB of log tool output, default mode`,
    },
    iterations: m.rounds,
    tokens: null,
    reduction: null,
    latencyMs: null,
    stagesMs: null,
    targets: [
      checkTarget(
        'Gateway peak RSS, 50 × 1 MB',
        'VmHWM of the gateway process',
        '<=',
        RSS_LIMIT_BYTES / 2 ** 20,
        Math.round(m.peak / 2 ** 20),
        'MB',
      ),
    ],
    details: {
      baselineRssBytes: m.baseline,
      peakRssBytes: m.peak,
      sampledPeakRssBytes: m.sampledPeak,
      rssAfterBytes: m.after,
      statuses: m.statuses,
      roundMs: m.roundMs.map((ms) => Math.round(ms)),
      meanBodyBytes: Math.round(m.bodyBytes),
      process: 'node -r tools/scripts/register-paths.cjs dist/apps/gateway/src/main.js',
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
      runs: String(CONCURRENT * m.rounds),
      split: '–',
      published: '–',
      notes: `peak RSS ${formatMb(m.peak)} (baseline ${formatMb(m.baseline)}); a round of 50 took ${m.roundMs.map((ms) => formatMs(ms)).join(' / ')} ms; statuses ${JSON.stringify(m.statuses)}`,
    },
  };
}
