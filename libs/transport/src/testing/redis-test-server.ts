import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';

export type RedisTestServer = {
  port: number;
  url: string;
  pid: number;
  /** Stops this redis-server by its pid and waits for it to exit. */
  stop(): Promise<void>;
};

const REDIS_BINARY = process.env.HEADROOM_REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

/** A free TCP port on 127.0.0.1, found by binding port 0 and letting go. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throwaway redis-server for tests: loopback only, no persistence,
 * on `port` (a free one by default). Never touches the machine's own Redis.
 */
export async function startRedisTestServer(port?: number): Promise<RedisTestServer> {
  if (!existsSync(REDIS_BINARY)) {
    throw new Error(`${REDIS_BINARY} not found: install Debian's redis-server package`);
  }
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(
    REDIS_BINARY,
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await waitForPort(chosen, 5_000);

  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    pid: child.pid as number,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();

  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms`);
}
