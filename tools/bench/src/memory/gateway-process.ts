import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

export type GatewayProcess = {
  child: ChildProcess;
  pid: number;
  url: string;
  stderr: () => string;
};

/** A port nothing listens on right now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  return port;
}

export type GatewayProcessOptions = {
  readyTimeoutMs?: number;
  /** Extra node flags before the entry point, e.g. `--expose-gc` and a `-r` preload. */
  nodeArgs?: string[];
  /** Run apps/gateway/src/main.ts through swc instead of dist/ (no build needed, as under jest). */
  fromSource?: boolean;
  /** Open an IPC channel to the child, for a preload that answers the parent. */
  ipc?: boolean;
};

/**
 * The compiled gateway as `npm start` runs it, in a child process of its
 * own, so its memory is its own and can be read from /proc.
 */
export async function startGatewayProcess(
  root: string,
  env: Record<string, string>,
  options: GatewayProcessOptions = {},
): Promise<GatewayProcess> {
  const { readyTimeoutMs = 30_000, nodeArgs = [], fromSource = false, ipc = false } = options;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const entry = fromSource
    ? [
        join(root, 'tools', 'scripts', 'ts-register.cjs'),
        join(root, 'apps', 'gateway', 'src', 'main.ts'),
      ]
    : [
        join(root, 'tools', 'scripts', 'register-paths.cjs'),
        join(root, 'dist', 'apps', 'gateway', 'src', 'main.js'),
      ];
  const child = spawn(process.execPath, [...nodeArgs, '-r', ...entry], {
    cwd: root,
    env: { ...process.env, ...env, HEADROOM_PORT: String(port), HEADROOM_HOST: '127.0.0.1' },
    stdio: ipc ? ['ignore', 'ignore', 'pipe', 'ipc'] : ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString('utf8')).slice(-4_000);
  });

  const deadline = Date.now() + readyTimeoutMs;
  while (!(await isLive(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`gateway process did not start: ${errors || `exit ${child.exitCode}`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return { child, pid: child.pid ?? 0, url, stderr: () => errors };
}

async function isLive(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/livez`);
    await response.arrayBuffer();

    return response.ok;
  } catch {
    return false;
  }
}

/** SIGTERM (the gateway drains), then SIGKILL if it is still there after a while. */
export async function stopGatewayProcess(gateway: GatewayProcess): Promise<void> {
  if (gateway.child.exitCode !== null) {
    return;
  }

  const exited = once(gateway.child, 'exit');
  gateway.child.kill('SIGTERM');
  const timer = setTimeout(() => gateway.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
