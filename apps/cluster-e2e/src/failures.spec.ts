import { TRANSPORT_KEYS } from '@headroom/contracts';
import { TransportError, createRemoteCompressorPort } from '@headroom/transport';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Cluster, runBounded } from './support/cluster';
import { recordMeasurement } from './support/measurements';
import { jsonInput, jsonToolOutput } from './support/payloads';

Logger.overrideLogger(['error']);

describe('worker and Redis failures', () => {
  let cluster: Cluster;

  beforeEach(async () => {
    cluster = await Cluster.start();
  });

  afterEach(async () => {
    await cluster.stop();
  });

  it('keeps answering when a replica is killed mid-run', async () => {
    await cluster.startWorker('json', 'json-a');
    const survivor = await cluster.startWorker('json', 'json-b');
    const timeoutMs = 8_000;
    const port = createRemoteCompressorPort({
      redisUrl: cluster.redisUrl,
      timeoutMs,
      families: ['json'],
    });
    const admin = new Redis(cluster.redisUrl);
    const requests = 40;

    try {
      const { run, durations, finished } = timedRun(port, requests);
      await finished(10);
      // A crash: no graceful close, whatever it had read stays pending.
      await cluster.stopWorker('json-a', 'SIGKILL');
      const results = await run;

      const failed = results.filter((result) => result.status === 'rejected');
      const handled = await admin.hgetall(TRANSPORT_KEYS.handled('json'));
      const metrics = await (await fetch(`http://127.0.0.1:${survivor.healthPort}/metrics`)).text();
      const claimed = Number(
        /headroom_worker_claimed_total\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0,
      );
      recordMeasurement('kill-worker-mid-run', {
        claimedBySurvivor: claimed,
        requests,
        succeeded: requests - failed.length,
        failedOpen: failed.length,
        slowestMs: Math.max(...durations),
        handled,
      });
      // The survivor claims what the dead replica had read, well inside the timeout.
      expect(failed).toEqual([]);
      expect(Math.max(...durations)).toBeLessThan(timeoutMs + 500);
      expect(Number(handled['json-b'])).toBeGreaterThan(0);
    } finally {
      admin.disconnect();
      await port.close();
    }
  });

  it('answers through the other replica when one hangs (SIGSTOP), and takes the hung one back', async () => {
    const hung = await cluster.startWorker('json', 'json-hung');
    await cluster.startWorker('json', 'json-healthy');
    const timeoutMs = 8_000;
    const port = createRemoteCompressorPort({
      redisUrl: cluster.redisUrl,
      timeoutMs,
      families: ['json'],
    });
    const admin = new Redis(cluster.redisUrl);
    const requests = 30;

    try {
      const { run, durations, finished } = timedRun(port, requests);
      await finished(6);
      // A hang, not a crash: the process and its connections stay, it just
      // never answers what it has read (a stuck event loop, a frozen pod).
      hung.child.kill('SIGSTOP');
      const results = await run;
      const handledWhileHung = await admin.hgetall(TRANSPORT_KEYS.handled('json'));
      hung.child.kill('SIGCONT');

      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      expect(Math.max(...durations)).toBeLessThan(timeoutMs + 500);
      expect(Number(handledWhileHung['json-healthy'])).toBeGreaterThan(0);

      // Woken up, the hung replica's late work for calls already answered is
      // dropped by the caller; it serves again, and every answer is still the
      // one its own request asked for.
      await admin.del(TRANSPORT_KEYS.handled('json'));
      await cluster.stopWorker('json-healthy');
      const after = await runBounded(6, 3, (index) =>
        port.compress(jsonInput(jsonToolOutput(20 * 1024, 1_000 + index))),
      );
      const direct = await Promise.all(
        [0, 1, 2, 3, 4, 5].map((index) =>
          port.compress(jsonInput(jsonToolOutput(20 * 1024, 1_000 + index))),
        ),
      );
      recordMeasurement('hang-worker-mid-run', {
        requests,
        slowestMs: Math.max(...durations),
        handledWhileHung,
      });

      expect(after.map((result) => result.status)).toEqual(Array(6).fill('fulfilled'));
      expect(after.map((result) => (result.status === 'fulfilled' ? result.value : null))).toEqual(
        direct,
      );
      // Twelve calls, and perhaps the one it was in the middle of when it froze.
      const handledAfterWake = await admin.hgetall(TRANSPORT_KEYS.handled('json'));
      expect(Object.keys(handledAfterWake)).toEqual(['json-hung']);
      expect(Number(handledAfterWake['json-hung'])).toBeGreaterThanOrEqual(12);
    } finally {
      if (hung.child.exitCode === null) hung.child.kill('SIGCONT');
      admin.disconnect();
      await port.close();
    }
  });

  it('costs each call at most the timeout while the only replica hangs', async () => {
    const only = await cluster.startWorker('json', 'json-only');
    const timeoutMs = 1_000;
    const port = createRemoteCompressorPort({
      redisUrl: cluster.redisUrl,
      timeoutMs,
      families: ['json'],
    });
    const input = jsonInput(jsonToolOutput(20 * 1024));

    try {
      expect((await port.compress(input)).status).toBe('compressed');
      only.child.kill('SIGSTOP');

      const hung = await runBounded(4, 4, async () => {
        const started = Date.now();
        const error = await port.compress(input).catch((failure: unknown) => failure);

        return { error, ms: Date.now() - started };
      });
      only.child.kill('SIGCONT');

      for (const result of hung) {
        expect(result.status).toBe('fulfilled');
        if (result.status !== 'fulfilled') continue;
        expect(result.value.error).toMatchObject({ reason: 'timeout' });
        expect(result.value.ms).toBeLessThan(timeoutMs + 400);
      }
      // The calls it read before hanging are past their deadline when it
      // wakes: it drops them rather than spend time on answers nobody awaits.
      expect((await port.compress(input)).status).toBe('compressed');
    } finally {
      if (only.child.exitCode === null) only.child.kill('SIGCONT');
      await port.close();
    }
  });

  it('fails fast while Redis is down and recovers when it is back', async () => {
    await cluster.startWorker('json', 'json-r');
    const timeoutMs = 2_000;
    const port = createRemoteCompressorPort({
      redisUrl: cluster.redisUrl,
      timeoutMs,
      families: ['json'],
    });
    const input = jsonInput(jsonToolOutput(20 * 1024));

    try {
      expect((await port.compress(input)).status).toBe('compressed');

      await cluster.stopRedis();
      const outage = await runBounded(10, 5, async () => {
        const started = Date.now();
        const error = await port.compress(input).catch((failure: unknown) => failure);

        return { error, ms: Date.now() - started };
      });
      const health = await port.checkHealth(500);

      for (const result of outage) {
        expect(result.status).toBe('fulfilled');
        if (result.status !== 'fulfilled') continue;
        expect(result.value.error).toBeInstanceOf(TransportError);
        expect(result.value.ms).toBeLessThanOrEqual(timeoutMs + 200);
      }
      expect(health).toEqual([expect.objectContaining({ family: 'json', status: 'down' })]);

      await cluster.restartRedis();
      const recoveredAt = Date.now();
      let outcome: unknown;
      while (!outcome && Date.now() - recoveredAt < 20_000) {
        outcome = await port.compress(input).catch(() => undefined);
        if (!outcome) await new Promise((resolve) => setTimeout(resolve, 200));
      }

      expect(outcome).toMatchObject({ status: 'compressed' });
      recordMeasurement('redis-outage', {
        timeoutMs,
        slowestFailureMs: Math.max(
          ...outage.map((result) => (result.status === 'fulfilled' ? result.value.ms : -1)),
        ),
        recoveryMs: Date.now() - recoveredAt,
      });
      expect((await port.checkHealth(2_000))[0].status).toBe('up');
    } finally {
      await port.close();
    }
  });

  it('costs at most the timeout when the family has no replica at all', async () => {
    const port = createRemoteCompressorPort({
      redisUrl: cluster.redisUrl,
      timeoutMs: 500,
      families: ['json'],
    });
    try {
      const started = Date.now();

      await expect(port.compress(jsonInput(jsonToolOutput(5 * 1024)))).rejects.toMatchObject({
        reason: 'timeout',
      });
      expect(Date.now() - started).toBeLessThan(900);
      expect((await port.queueDepths())[0]).toMatchObject({ family: 'json', waiting: 1 });
    } finally {
      await port.close();
    }
  });
});

/**
 * `requests` compressions of distinct 100 KB JSON outputs, six at a time, each
 * timed; `finished(n)` resolves once n of them have, the moment a test
 * brings its trouble in.
 */
function timedRun(port: ReturnType<typeof createRemoteCompressorPort>, requests: number) {
  let done = 0;
  const durations: number[] = [];
  const run = runBounded(requests, 6, async (index) => {
    const started = Date.now();
    try {
      return await port.compress(jsonInput(jsonToolOutput(100 * 1024, index)));
    } finally {
      durations.push(Date.now() - started);
      done += 1;
    }
  });
  const finished = async (count: number): Promise<void> => {
    while (done < count) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  return { run, durations, finished };
}
