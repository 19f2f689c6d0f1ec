import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { RequestPipeline, routerDetector } from '@headroom/pipeline';
import {
  type RedisTestServer,
  createDistributedMode,
  freePort,
  startRedisTestServer,
  stopChild,
} from '@headroom/transport';

// Every family, as in a real cluster: createDistributedMode reaches all four,
// and a kind whose worker is missing would cost a timeout, not a skip.
const APPS = [
  'ccr',
  'compressor-json',
  'compressor-code',
  'compressor-dom',
  'compressor-squash',
] as const;
const READY_TIMEOUT_MS = 30_000;
const CALL_TIMEOUT_MS = 2_000;

export type DistributedCluster = {
  pipeline: RequestPipeline;
  description: string;
  stop(): Promise<void>;
};

/**
 * Distributed mode for the bench: a throwaway redis-server, the CCR service
 * (SQLite in `directory`) and the compressor workers as compiled child
 * processes, and the same RequestPipeline as embedded mode over the ports of
 * createDistributedMode (what HEADROOM_TRANSPORT=redis is to build).
 */
export async function startDistributedCluster(
  root: string,
  directory: string,
): Promise<DistributedCluster> {
  const redis = await startRedisTestServer();
  const children: ChildProcess[] = [];
  const mode = createDistributedMode({
    redisUrl: redis.url,
    compressionTimeoutMs: CALL_TIMEOUT_MS,
    storeTimeoutMs: CALL_TIMEOUT_MS,
  });
  const stop = async () => {
    await mode.close();
    await Promise.all(children.map((child) => stopChild(child)));
    await redis.stop();
  };

  try {
    for (const app of APPS) {
      children.push(await startWorker(root, app, redis, directory));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    pipeline: new RequestPipeline({
      detector: routerDetector,
      compressors: mode.compressors,
      store: mode.store,
    }),
    description: `redis-server, ${APPS.join(', ')} as child processes; CCR on SQLite behind the Redis read-through cache`,
    stop,
  };
}

async function startWorker(
  root: string,
  app: string,
  redis: RedisTestServer,
  directory: string,
): Promise<ChildProcess> {
  const healthPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(root, 'tools', 'scripts', 'register-paths.cjs'),
      join(root, 'dist', 'apps', app, 'src', 'main.js'),
    ],
    {
      cwd: root,
      stdio: 'ignore',
      env: {
        PATH: process.env['PATH'] ?? '',
        HEADROOM_REDIS_URL: redis.url,
        HEADROOM_HEALTH_PORT: String(healthPort),
        HEADROOM_WORKER_ID: `bench-${app}`,
        HEADROOM_LOG_LEVEL: 'warn',
        HEADROOM_DATABASE_URL: `file:${join(directory, 'ccr-service.db')}`,
        HEADROOM_AUDIT_EXPORT_DIR: join(directory, 'audit'),
      },
    },
  );

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await isReady(healthPort))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child, 'SIGKILL');
      throw new Error(`${app} did not become ready (exit ${child.exitCode})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return child;
}

async function isReady(healthPort: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${healthPort}/readyz`).catch(() => undefined);
  await response?.arrayBuffer();

  return response?.status === 200;
}
