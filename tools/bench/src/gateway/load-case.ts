import { tokenizerFor } from '@headroom/tokens';
import type { FakeUpstream } from '@headroom/testing';
import {
  type BenchResult,
  RESULT_SCHEMA_VERSION,
  type TargetCheck,
} from '../report/bench-result.schema';
import type { RunContext } from '../report/run-context';
import { type SuiteOutput, formatCount, formatMs, formatPercent } from '../report/table-row';
import { checkTarget } from '../report/target-check';
import { type Summary, round, roundSummary, summarize } from '../stats/percentiles';
import { ID_PLACEHOLDER, type LoadJob, type LoadOutcome } from './load-job';
import { runLoad } from './load-run';

export type LoadTarget = 'passthrough-latency' | 'passthrough-throughput' | 'tool-output-latency';

export type LoadCase = {
  scenario: string;
  label: string;
  description: string;
  headers: Record<string, string>;
  body: string;
  uniqueBodies: boolean;
  connections: number;
  targets: readonly LoadTarget[];
};

export type LoadEnvironment = { upstream: FakeUpstream; gatewayUrl: string; path: string };

type Side = {
  latency: Summary;
  rps: number;
  /** Process CPU (all threads, load generator included) per response, warm-up included. */
  cpuMsPerRequest: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
};

type Verification = {
  status: number;
  sentBytes: number;
  upstreamBytes: number;
  identical: boolean;
  toolTokensBefore: number | null;
  toolTokensAfter: number | null;
};

const RESET_MS = 1_000;

function durations(quick: boolean, uniqueBodies: boolean) {
  if (quick) return { warmupSeconds: 0, durationSeconds: 1 };

  return uniqueBodies
    ? { warmupSeconds: 2, durationSeconds: 8 }
    : { warmupSeconds: 1, durationSeconds: 5 };
}

/** One case: a verifying request, then the upstream directly, then through the gateway. */
export async function measureLoadCase(
  loadCase: LoadCase,
  env: LoadEnvironment,
  context: RunContext,
): Promise<SuiteOutput> {
  const verification = await verify(loadCase, env);
  const timing = durations(context.quick, loadCase.uniqueBodies);
  const job = {
    ...timing,
    headers: loadCase.headers,
    body: loadCase.body,
    uniqueBodies: loadCase.uniqueBodies,
    connections: loadCase.connections,
  };

  // The fake upstream keeps every request it saw: under load that would be
  // gigabytes of bodies nobody reads, so it is emptied while the load runs.
  const reset = setInterval(() => env.upstream.reset(), RESET_MS);
  let direct: Side;
  let gateway: Side;
  try {
    direct = await measuredLoad({ ...job, url: `${env.upstream.url}${env.path}` });
    gateway = await measuredLoad({ ...job, url: `${env.gatewayUrl}${env.path}` });
  } finally {
    clearInterval(reset);
    env.upstream.reset();
  }

  const added = {
    p50: round(gateway.latency.p50 - direct.latency.p50),
    p99: round(gateway.latency.p99 - direct.latency.p99),
  };
  const result = toResult(loadCase, context, { direct, gateway, added, verification, timing });

  return { result, row: toRow(loadCase, result, { direct, gateway, added, verification }) };
}

// CPU time is read around the whole run: it moves far less than latency when
// other work shares the machine, and direct vs gateway differ only by what
// the gateway does per request.
async function measuredLoad(job: LoadJob): Promise<Side> {
  const cpuStarted = process.cpuUsage();
  const outcome = await runLoad(job);
  const cpu = process.cpuUsage(cpuStarted);

  return sideOf(outcome, (cpu.user + cpu.system) / 1000);
}

function sideOf(outcome: LoadOutcome, cpuMs: number): Side {
  const responses = outcome.warmupResponses + outcome.ok + outcome.non2xx;

  return {
    latency: roundSummary(summarize(outcome.latencies)),
    rps: round(outcome.ok / outcome.durationSeconds, 1),
    cpuMsPerRequest: responses > 0 ? round(cpuMs / responses) : NaN,
    ok: outcome.ok,
    non2xx: outcome.non2xx,
    errors: outcome.errors,
    timeouts: outcome.timeouts,
  };
}

// One request through the gateway before the load: says whether the case
// really compressed (or really passed through byte for byte).
async function verify(loadCase: LoadCase, env: LoadEnvironment): Promise<Verification> {
  const body = loadCase.body.replace(ID_PLACEHOLDER, 'verify-0');
  env.upstream.reset();
  const response = await fetch(`${env.gatewayUrl}${env.path}`, {
    method: 'POST',
    headers: loadCase.headers,
    body,
  });
  await response.arrayBuffer();
  const received = env.upstream.lastRequest?.body ?? Buffer.alloc(0);
  env.upstream.reset();

  return {
    status: response.status,
    sentBytes: Buffer.byteLength(body, 'utf8'),
    upstreamBytes: received.length,
    identical: received.equals(Buffer.from(body, 'utf8')),
    toolTokensBefore: toolTokens(body),
    toolTokensAfter: toolTokens(received.toString('utf8')),
  };
}

function toolTokens(body: string): number | null {
  try {
    const parsed = JSON.parse(body) as { messages?: Array<{ role?: unknown; content?: unknown }> };
    const tool = parsed.messages?.find((message) => message.role === 'tool');

    return typeof tool?.content === 'string' ? tokenizerFor('gpt-4o').count(tool.content) : null;
  } catch {
    return null;
  }
}

type Measured = {
  direct: Side;
  gateway: Side;
  added: { p50: number; p99: number };
  verification: Verification;
};

function targetsFor(loadCase: LoadCase, m: Measured): TargetCheck[] {
  return loadCase.targets.flatMap((target): TargetCheck[] => {
    switch (target) {
      case 'passthrough-latency':
        return [
          checkTarget(
            'Passthrough overhead p50',
            'gateway p50 − direct p50, 1 connection',
            '<=',
            1,
            m.added.p50,
            'ms',
          ),
          checkTarget(
            'Passthrough overhead p99',
            'gateway p99 − direct p99, 1 connection',
            '<=',
            5,
            m.added.p99,
            'ms',
          ),
        ];
      case 'passthrough-throughput':
        return [
          checkTarget(
            'Passthrough throughput',
            'gateway 2xx per second, 16 connections',
            '>=',
            2_000,
            m.gateway.rps,
            'req/s',
          ),
        ];
      case 'tool-output-latency':
        return [
          checkTarget(
            '50K-token tool output end to end p99',
            'gateway p99, new content each request',
            '<=',
            80,
            m.gateway.latency.p99,
            'ms',
          ),
        ];
    }
  });
}

function toResult(
  loadCase: LoadCase,
  context: RunContext,
  m: Measured & { timing: { warmupSeconds: number; durationSeconds: number } },
): BenchResult {
  const { toolTokensBefore: before, toolTokensAfter: after } = m.verification;
  const tokens = before !== null && after !== null ? { before, after } : null;

  return {
    schema: RESULT_SCHEMA_VERSION,
    scenario: loadCase.scenario,
    suite: 'gateway',
    label: loadCase.label,
    ...context,
    inputs: {
      count: 1,
      bytes: Buffer.byteLength(loadCase.body, 'utf8'),
      description: loadCase.description,
    },
    iterations: m.gateway.ok,
    tokens,
    reduction: tokens && tokens.before > 0 ? round(1 - tokens.after / tokens.before, 4) : null,
    latencyMs: m.gateway.latency,
    stagesMs: null,
    targets: targetsFor(loadCase, m),
    details: {
      latencyDefinition:
        'latencyMs is through the gateway; added = gateway − direct, per percentile',
      connections: loadCase.connections,
      ...m.timing,
      direct: m.direct,
      gateway: m.gateway,
      addedMs: m.added,
      addedCpuMsPerRequest: round(m.gateway.cpuMsPerRequest - m.direct.cpuMsPerRequest),
      verification: m.verification,
      ccrStore: "the gateway's own, HEADROOM_DATABASE_URL = SQLite in a temp dir",
      loadGenerator:
        'autocannon 8 in a worker thread; gateway and fake upstream share the main thread',
    },
  };
}

function toRow(loadCase: LoadCase, result: BenchResult, m: Measured) {
  const v = m.verification;
  const what = v.identical
    ? 'byte-identical upstream'
    : `upstream got ${formatCount(v.upstreamBytes)} of ${formatCount(v.sentBytes)} bytes`;

  return {
    scenario: loadCase.label,
    tokens: result.tokens
      ? `${formatCount(result.tokens.before)} → ${formatCount(result.tokens.after)}`
      : '–',
    reduction: formatPercent(result.reduction),
    p50: `+${formatMs(m.added.p50)}`,
    tail: `p99 +${formatMs(m.added.p99)}`,
    runs: formatCount(m.gateway.ok),
    split: '–',
    published: '–',
    notes: `gateway p50 ${formatMs(m.gateway.latency.p50)} / p99 ${formatMs(m.gateway.latency.p99)} ms, ${formatCount(m.gateway.rps)} req/s, +${formatMs(m.gateway.cpuMsPerRequest - m.direct.cpuMsPerRequest)} ms CPU/req; direct p50 ${formatMs(m.direct.latency.p50)} / p99 ${formatMs(m.direct.latency.p99)} ms, ${formatCount(m.direct.rps)} req/s; ${what}${m.gateway.non2xx + m.gateway.errors > 0 ? `; ${m.gateway.non2xx} non-2xx, ${m.gateway.errors} errors` : ''}`,
  };
}
