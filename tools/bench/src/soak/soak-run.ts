import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseMarkers } from '@headroom/contracts';
import { FakeUpstream } from '@headroom/testing';
import {
  type GatewayProcess,
  startGatewayProcess,
  stopGatewayProcess,
} from '../memory/gateway-process';
import { processMemory } from '../memory/process-memory';
import { processCpuMs } from './process-cpu';
import { type Summary, summarize } from '../stats/percentiles';
import { HeapProbeClient, type HeapSample, heapProbeNodeArgs } from './heap-probe-client';
import { type MemoryTrend, type Tolerance, DEFAULT_TOLERANCE, memoryTrend } from './memory-trend';
import { type OpenLoopStats, runOpenLoop } from './open-loop';
import { SoakClient, type SoakOutcome } from './soak-client';
import { loadSoakCorpus } from './soak-corpus';
import { SoakTraffic } from './soak-traffic';

export type SoakOptions = {
  root: string;
  corpusRoot: string;
  ratePerSecond: number;
  durationMs: number;
  /** Readings before this point (caches filling, code warming up) are reported, not judged. */
  warmupMs: number;
  sampleEveryMs: number;
  seed: number;
  /** Run the gateway from its TypeScript sources (under jest) instead of dist/. */
  fromSource: boolean;
  /** Extra gateway environment, e.g. `HEADROOM_COMPRESSOR_THREADS=0` to weigh compressors in the heap. */
  env?: Record<string, string>;
  tolerance?: Tolerance;
  /** Where to write heap snapshots after the warm-up and at the end; none when unset. */
  snapshotDirectory?: string;
  log?: (line: string) => void;
};

/**
 * A post-GC reading with what the gateway's bounded caches held at that
 * moment (`headroom_cache_bytes`): heap growth they account for is a cache
 * filling to its bound, growth beyond them is something else.
 */
export type TimedSample = HeapSample & { atMs: number; cacheBytes: number | null };

export type SoakReport = {
  ratePerSecond: number;
  durationMs: number;
  warmupMs: number;
  seed: number;
  load: OpenLoopStats;
  requests: number;
  /** Status counts per request label, e.g. `{"openai-tool/json": {"200": 812}}`. */
  statuses: Record<string, Record<string, number>>;
  unexpected: number;
  problems: string[];
  latency: Summary;
  latencyByKind: Record<string, Summary>;
  samples: TimedSample[];
  /** One more reading once the load has drained: nothing in flight. */
  idleAfter: TimedSample;
  trend: MemoryTrend;
  peakRssBytes: number | null;
  /** Gateway CPU time (user + system, all threads) per request during the load. */
  gatewayCpuMsPerRequest: number | null;
  markersSeen: number;
  upstreamRequests: number;
  /** The gateway's own fail-open and failure counters at the end, from /metrics. */
  failureCounters: Record<string, number>;
  snapshots: string[];
};

const MAX_PROBLEMS_KEPT = 20;
const DRAIN_EVERY_MS = 500;

/**
 * One soak: the gateway in its own process (with the heap probe preloaded)
 * against a fake upstream, both on 127.0.0.1, its own SQLite file in a temp
 * directory, fixed-rate mixed traffic from the corpus, and a post-GC reading
 * of the gateway's heap every `sampleEveryMs`.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const corpus = loadSoakCorpus(options.corpusRoot);
  const directory = mkdtempSync(join(tmpdir(), 'headroom-soak-'));
  const upstream = await FakeUpstream.start({ maxRecorded: 2_000 });
  let gateway: GatewayProcess | undefined;
  let client: SoakClient | undefined;

  try {
    gateway = await startGatewayProcess(
      options.root,
      {
        HEADROOM_OPENAI_URL: upstream.url,
        HEADROOM_ANTHROPIC_URL: upstream.url,
        HEADROOM_DATABASE_URL: `file:${join(directory, 'ccr.db')}`,
        HEADROOM_LOG_LEVEL: 'warn',
        // On a shared box the default 2 s bound turns many blocks into
        // fail-open passthrough and the soak stops exercising CCR; fail-open
        // has suites of its own. An explicit setting wins.
        HEADROOM_COMPRESSION_TIMEOUT_MS: process.env['HEADROOM_COMPRESSION_TIMEOUT_MS'] ?? '15000',
        ...options.env,
      },
      {
        nodeArgs: heapProbeNodeArgs(options.root),
        fromSource: options.fromSource,
        ipc: true,
        readyTimeoutMs: 60_000,
      },
    );
    const probe = new HeapProbeClient(gateway.child);
    const traffic = new SoakTraffic(corpus, options.seed);
    client = new SoakClient(gateway.url);
    const outcomes: SoakOutcome[] = [];
    const samples: TimedSample[] = [];
    const snapshots: string[] = [];
    let upstreamRequests = 0;

    // Every marker that reached the upstream names an original that must
    // already be stored: retrieve requests later ask for these keys.
    const drain = (): void => {
      const records = upstream.requests.splice(0);
      upstreamRequests += records.length;
      for (const record of records) {
        traffic.rememberHashes(
          parseMarkers(record.body.toString('utf8')).map((marker) => marker.key),
        );
      }
    };

    await primeGateway(gateway.url, new SoakTraffic(corpus, options.seed + 1), log);

    const started = performance.now();
    const cpuBefore = processCpuMs(gateway.pid);
    samples.push({
      atMs: 0,
      ...(await probe.sample()),
      cacheBytes: await readCacheBytes(gateway.url),
    });
    log(
      `soak: gateway pid ${gateway.pid}, ${options.ratePerSecond} req/s for ${options.durationMs / 1000} s, baseline heap ${mb(samples[0].heapUsedBytes)}`,
    );

    let stopped = false;
    let samplerError: unknown;
    const sampler = (async () => {
      let snapshotTaken = false;
      while (!stopped) {
        await waitUntil(() => stopped, options.sampleEveryMs);
        if (stopped) break;
        const sample = {
          atMs: performance.now() - started,
          ...(await probe.sample()),
          cacheBytes: await readCacheBytes(gateway.url),
        };
        samples.push(sample);
        log(
          `  ${(sample.atMs / 1000).toFixed(0)} s: heap ${mb(sample.heapUsedBytes)} (caches ${sample.cacheBytes === null ? '?' : mb(sample.cacheBytes)}), rss ${mb(sample.rssBytes)}, ${outcomes.length} done, ${traffic.knownHashes} markers known`,
        );
        if (options.snapshotDirectory && !snapshotTaken && sample.atMs >= options.warmupMs) {
          snapshotTaken = true;
          snapshots.push(
            await probe.snapshot(join(options.snapshotDirectory, 'soak-after-warmup.heapsnapshot')),
          );
        }
      }
    })().catch((error: unknown) => {
      // Reported once the load is over; a sampler that died must not leave
      // the run looking flat.
      samplerError = error;
      stopped = true;
    });
    const drainer = setInterval(drain, DRAIN_EVERY_MS);

    let load: OpenLoopStats;
    try {
      load = await runOpenLoop({
        ratePerSecond: options.ratePerSecond,
        durationMs: options.durationMs,
        fire: async () => {
          const outcome = await (client as SoakClient).send(traffic.next());
          traffic.rememberHashes(outcome.hashes);
          outcomes.push(outcome);
        },
      });
    } finally {
      stopped = true;
      clearInterval(drainer);
      await sampler;
    }
    if (samplerError) throw samplerError;
    drain();
    const cpuAfter = processCpuMs(gateway.pid);

    const failureCounters = await readFailureCounters(gateway.url);
    const idleAfter = {
      atMs: performance.now() - started,
      ...(await probe.sample()),
      cacheBytes: await readCacheBytes(gateway.url),
    };
    if (options.snapshotDirectory) {
      snapshots.push(
        await probe.snapshot(join(options.snapshotDirectory, 'soak-end.heapsnapshot')),
      );
    }

    return {
      ratePerSecond: options.ratePerSecond,
      durationMs: options.durationMs,
      warmupMs: options.warmupMs,
      seed: options.seed,
      load,
      requests: outcomes.length,
      statuses: statusCounts(outcomes),
      unexpected: outcomes.filter((outcome) => outcome.problem !== undefined).length,
      problems: outcomes
        .filter((outcome) => outcome.problem !== undefined)
        .slice(0, MAX_PROBLEMS_KEPT)
        .map((outcome) => `#${outcome.index} ${outcome.label}: ${outcome.problem}`),
      latency: summarize(outcomes.map((outcome) => outcome.latencyMs)),
      latencyByKind: latencyByKind(outcomes),
      samples,
      idleAfter,
      trend: memoryTrend(samples, options.warmupMs, options.tolerance ?? DEFAULT_TOLERANCE),
      peakRssBytes: processMemory(gateway.pid).peakRssBytes,
      gatewayCpuMsPerRequest:
        cpuBefore === null || cpuAfter === null || outcomes.length === 0
          ? null
          : (cpuAfter - cpuBefore) / outcomes.length,
      markersSeen: traffic.knownHashes,
      upstreamRequests,
      failureCounters,
      snapshots,
    };
  } catch (error: unknown) {
    const stderr = gateway?.stderr();
    if (stderr) log(`gateway stderr (tail): ${stderr}`);
    throw error;
  } finally {
    await client?.close();
    if (gateway) await stopGatewayProcess(gateway);
    await upstream.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

const PRIME_REQUESTS = 24;

// One request after another before the clock starts: the first HTML page
// loads jsdom, the first code block tree-sitter, on the compressor thread.
// On a busy box that takes many seconds, and open-loop load arriving
// meanwhile would only measure the cold start.
async function primeGateway(
  url: string,
  traffic: SoakTraffic,
  log: (line: string) => void,
): Promise<void> {
  const client = new SoakClient(url, { connections: 1, timeoutMs: 120_000 });
  const started = performance.now();
  try {
    for (let index = 0; index < PRIME_REQUESTS; index += 1) {
      const outcome = await client.send(traffic.next());
      if (outcome.status === 0) throw new Error(`priming request failed: ${outcome.problem}`);
    }
  } finally {
    await client.close();
  }
  log(
    `soak: ${PRIME_REQUESTS} priming requests in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

const FAILURE_COUNTERS = /^(headroom_\w*(?:fail_open|failures)_total)(\{[^}]*\})? (\d+(?:\.\d+)?)$/;

const CACHE_BYTES = /^headroom_cache_bytes\{[^}]*\} (\d+(?:\.\d+)?)$/;

async function scrape(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

/** What the gateway's in-process caches hold, summed; null when it does not say. */
async function readCacheBytes(url: string): Promise<number | null> {
  const sizes = (await scrape(url))
    .split('\n')
    .map((line) => CACHE_BYTES.exec(line)?.[1])
    .filter((size): size is string => size !== undefined);

  return sizes.length === 0 ? null : sizes.reduce((sum, size) => sum + Number(size), 0);
}

/** Sums of every fail-open and failure counter the gateway exposes, by series. */
async function readFailureCounters(url: string): Promise<Record<string, number>> {
  const text = await scrape(url);
  const counters: Record<string, number> = {};

  for (const line of text.split('\n')) {
    const match = FAILURE_COUNTERS.exec(line);
    if (match) counters[`${match[1]}${match[2] ?? ''}`] = Number(match[3]);
  }

  return counters;
}

function statusCounts(outcomes: readonly SoakOutcome[]): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const outcome of [...outcomes].sort((left, right) =>
    left.label.localeCompare(right.label),
  )) {
    const byStatus = (counts[outcome.label] ??= {});
    byStatus[outcome.status] = (byStatus[outcome.status] ?? 0) + 1;
  }

  return counts;
}

function latencyByKind(outcomes: readonly SoakOutcome[]): Record<string, Summary> {
  const byKind = new Map<string, number[]>();
  for (const outcome of outcomes) {
    const latencies = byKind.get(outcome.kind) ?? [];
    latencies.push(outcome.latencyMs);
    byKind.set(outcome.kind, latencies);
  }

  return Object.fromEntries([...byKind].map(([kind, latencies]) => [kind, summarize(latencies)]));
}

// Sleeps up to `ms`, waking early once `done()` holds, so the sampler stops
// as soon as the load does rather than a whole interval later.
async function waitUntil(done: () => boolean, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done() && performance.now() < deadline) {
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(250, deadline - performance.now())),
    );
  }
}

export function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
