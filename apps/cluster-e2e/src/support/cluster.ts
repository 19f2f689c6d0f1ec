import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerFamily } from '@headroom/contracts';
import {
  type RedisTestServer,
  freePort,
  startRedisTestServer,
  stopChild,
  waitForPort,
} from '@headroom/transport';

const ROOT = join(__dirname, '..', '..', '..', '..');
export const LOG_DIR = join(ROOT, 'tmp', 'cluster-e2e');

const APP_OF: Record<WorkerFamily, string> = {
  json: 'compressor-json',
  code: 'compressor-code',
  dom: 'compressor-dom',
  squash: 'compressor-squash',
  ccr: 'ccr',
};

export type ClusterProcess = {
  name: string;
  family: WorkerFamily;
  healthPort: number;
  child: ChildProcess;
};

/**
 * A local cluster for one suite: its own redis-server on a free port and the
 * built worker apps as child processes. Every process it starts is stopped
 * by pid in `stop()`; nothing else on the machine is touched.
 */
export class Cluster {
  readonly processes = new Map<string, ClusterProcess>();
  private constructor(public redis: RedisTestServer) {}

  static async start(): Promise<Cluster> {
    mkdirSync(LOG_DIR, { recursive: true });

    return new Cluster(await startRedisTestServer());
  }

  get redisUrl(): string {
    return this.redis.url;
  }

  /** Starts one replica named `name` (its consumer name too) and waits for `/readyz`. */
  async startWorker(
    family: WorkerFamily,
    name: string,
    env: Record<string, string> = {},
  ): Promise<ClusterProcess> {
    const healthPort = await freePort();
    const log = openSync(join(LOG_DIR, `${name}.log`), 'w');
    const child = spawn(
      process.execPath,
      ['-r', './tools/scripts/register-paths.cjs', `dist/apps/${APP_OF[family]}/src/main.js`],
      {
        cwd: ROOT,
        stdio: ['ignore', log, log],
        env: {
          PATH: process.env.PATH ?? '',
          HEADROOM_REDIS_URL: this.redis.url,
          HEADROOM_HEALTH_PORT: String(healthPort),
          HEADROOM_WORKER_ID: name,
          HEADROOM_LOG_FORMAT: 'json',
          HEADROOM_WORKER_CLAIM_IDLE_MS: '1000',
          HEADROOM_WORKER_CLAIM_INTERVAL_MS: '200',
          ...env,
        },
      },
    );
    closeSync(log);
    const started: ClusterProcess = { name, family, healthPort, child };
    this.processes.set(name, started);
    await waitForPort(healthPort, 30_000);
    await waitForReady(healthPort, 30_000);

    return started;
  }

  /** Stops a replica; SIGKILL plays a crash (no graceful hand-over). */
  async stopWorker(name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const worker = this.processes.get(name);
    if (!worker) return;
    this.processes.delete(name);
    await stopChild(worker.child, signal);
  }

  async stopRedis(): Promise<void> {
    await this.redis.stop();
  }

  /** A new, empty Redis on the same port, as after a restart without persistence. */
  async restartRedis(): Promise<void> {
    this.redis = await startRedisTestServer(this.redis.port);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.keys()].map((name) => this.stopWorker(name)));
    await this.redis.stop();
  }
}

async function waitForReady(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
    if (response?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`worker on health port ${port} not ready after ${timeoutMs} ms`);
}

/** Runs `tasks` with at most `limit` in flight; resolves with every settled result in order. */
export async function runBounded<T>(
  count: number,
  limit: number,
  task: (index: number) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      results[index] = await task(index).then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));

  return results;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);

  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
