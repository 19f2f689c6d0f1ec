import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { type CompressInput, type CompressOutcome, TRANSPORT_KEYS } from '@headroom/contracts';
import { JsonCompressor } from '@headroom/compressor-json';
import { CompressorRegistry } from '@headroom/pipeline';
import { type RemoteCompressorPort, createRemoteCompressorPort } from '@headroom/transport';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Cluster, median, runBounded } from './support/cluster';
import { recordMeasurement } from './support/measurements';
import { jsonInput, jsonToolOutput } from './support/payloads';

Logger.overrideLogger(['error', 'warn']);

describe('competing consumers', () => {
  let cluster: Cluster;
  let port: RemoteCompressorPort;
  let admin: Redis;

  beforeAll(async () => {
    cluster = await Cluster.start();
    admin = new Redis(cluster.redisUrl);
    port = createRemoteCompressorPort({
      redisUrl: cluster.redisUrl,
      timeoutMs: 30_000,
      families: ['json'],
    });
  });

  afterAll(async () => {
    await port.close();
    admin.disconnect();
    await cluster.stop();
  });

  const handledPerReplica = async (): Promise<Record<string, number>> => {
    const raw = await admin.hgetall(TRANSPORT_KEYS.handled('json'));

    return Object.fromEntries(Object.entries(raw).map(([name, count]) => [name, Number(count)]));
  };

  it('measures the latency the remote port adds for a 100 KB tool output', async () => {
    await cluster.startWorker('json', 'json-1');
    const input = jsonInput(jsonToolOutput(100 * 1024));
    const local = new CompressorRegistry([new JsonCompressor()]);
    const time = async (compress: () => Promise<CompressOutcome>) => {
      for (let warm = 0; warm < 5; warm += 1) await compress();
      const samples: number[] = [];
      for (let run = 0; run < 30; run += 1) {
        const started = process.hrtime.bigint();
        await compress();
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      }

      return median(samples);
    };

    // The same block with a size floor above its length: the worker answers
    // `too-small` at once, so this is the transport's own cost for 100 KB.
    const transportOnly = { ...input, minChars: 10_000_000 };

    // Interleaved, so a burst of load from elsewhere hits both sides alike.
    const baseline: number[] = [];
    const remoteRuns: number[] = [];
    const roundTrips: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      baseline.push(inProcessMedianMs(input));
      remoteRuns.push(await time(() => port.compress(input)));
      roundTrips.push(await time(() => port.compress(transportOnly)));
    }
    const inProcessMs = median(baseline);
    const remoteMs = median(remoteRuns);
    const roundTripMs = median(roundTrips);
    const remote = await port.compress(input);

    expect(remote).toEqual(await local.compress(input));
    expect(await port.compress(transportOnly)).toMatchObject({ status: 'skipped' });
    recordMeasurement('latency-100kb', {
      bytes: input.text.length,
      inProcessMedianMs: round(inProcessMs),
      remoteMedianMs: round(remoteMs),
      addedMs: round(remoteMs - inProcessMs),
      transportRoundTripMedianMs: round(roundTripMs),
      loadAverage: round(loadavg()[0]),
    });
  });

  it('gives each request to exactly one of three replicas, and measures throughput per replica count', async () => {
    // 500 KB blocks: the worker's CPU, not the client's encoding, dominates,
    // which is the case replicas are for.
    const requests = 32;
    const bytes = 500 * 1024;
    const phases: Record<string, unknown>[] = [];

    // Up from one replica to three and back down, so a burst of load from
    // elsewhere on the machine shows up as a gap between the two passes
    // instead of passing for a scaling effect.
    for (const [step, replicas] of [1, 2, 3, 2, 1].entries()) {
      const running = [...cluster.processes.keys()].filter((name) => name.startsWith('json-'));
      for (let index = running.length + 1; index <= replicas; index += 1) {
        await cluster.startWorker('json', `json-${index}`);
      }
      for (const name of running.slice(replicas)) await cluster.stopWorker(name);
      await admin.del(TRANSPORT_KEYS.handled('json'));
      const inputs = Array.from({ length: requests }, (_, index) =>
        jsonInput(jsonToolOutput(bytes, step * 1_000 + index)),
      );

      const started = Date.now();
      const results = await runBounded(requests, 8, (index) => port.compress(inputs[index]));
      const seconds = (Date.now() - started) / 1000;

      const handled = await handledPerReplica();
      const total = Object.values(handled).reduce((sum, count) => sum + count, 0);
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      expect(total).toBe(requests);
      expect(Object.keys(handled)).toHaveLength(replicas);
      for (const count of Object.values(handled)) expect(count).toBeGreaterThan(0);
      phases.push({
        replicas,
        requestsPerSecond: round(requests / seconds),
        handled,
        loadAverage: round(loadavg()[0]),
      });
    }

    recordMeasurement('throughput-json-500kb', {
      requests,
      bytes,
      clientConcurrency: 8,
      cores: cpus().length,
      phases,
    });
  });
});

/** The compressor's own time for `input`, in a plain Node process on the built code. */
function inProcessMedianMs(input: CompressInput): number {
  const script = join(__dirname, 'support', 'in-process-timing.cjs');
  const output = execFileSync(process.execPath, [script, '30'], { input: JSON.stringify(input) });

  return (JSON.parse(output.toString('utf8')) as { medianMs: number }).medianMs;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
