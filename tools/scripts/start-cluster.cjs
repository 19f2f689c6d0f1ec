// `npm run start:cluster`: builds once, then runs the gateway in distributed
// mode with every worker family and the CCR service as separate processes,
// all against one Redis (HEADROOM_REDIS_URL, default redis://127.0.0.1:6379).
// Get a local Redis with: redis-server --port 6379 --save '' --appendonly no
// Ctrl-C stops every process this script started, by pid.
const { spawn } = require('node:child_process');
const { createConnection } = require('node:net');
const { join } = require('node:path');
const { build, root } = require('./build.cjs');

const redisUrl = process.env.HEADROOM_REDIS_URL || 'redis://127.0.0.1:6379';
const replicas = Math.max(1, Number(process.env.HEADROOM_CLUSTER_REPLICAS || 1));
const firstHealthPort = Number(process.env.HEADROOM_CLUSTER_HEALTH_PORT || 9101);

const WORKERS = ['ccr', 'compressor-json', 'compressor-code', 'compressor-dom', 'compressor-squash'];

function redisReachable(url) {
  const { hostname, port } = new URL(url);

  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

function prefixLines(name, stream, target) {
  let pending = '';
  stream.on('data', (chunk) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop();
    for (const line of lines) target.write(`[${name}] ${line}\n`);
  });
}

function start(name, app, env) {
  const child = spawn(
    process.execPath,
    ['-r', join(root, 'tools', 'scripts', 'register-paths.cjs'), join(root, 'dist', 'apps', app, 'src', 'main.js')],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prefixLines(name, child.stdout, process.stdout);
  prefixLines(name, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    process.stderr.write(`[cluster] ${name} (pid ${child.pid}) exited: ${signal ?? code}\n`);
  });

  return { name, child };
}

async function main() {
  if (!(await redisReachable(redisUrl))) {
    process.stderr.write(
      `[cluster] no Redis at ${redisUrl}. Start one with:\n` +
        `  redis-server --port 6379 --save '' --appendonly no\n` +
        `or point HEADROOM_REDIS_URL at yours.\n`,
    );
    process.exit(1);
  }

  build();
  const processes = [];
  let healthPort = firstHealthPort;
  for (const app of WORKERS) {
    const count = app === 'ccr' ? 1 : replicas;
    for (let index = 1; index <= count; index += 1) {
      const name = count > 1 ? `${app}-${index}` : app;
      processes.push(
        start(name, app, {
          HEADROOM_REDIS_URL: redisUrl,
          HEADROOM_HEALTH_PORT: String(healthPort),
          HEADROOM_LOG_FORMAT: process.env.HEADROOM_LOG_FORMAT || 'pretty',
        }),
      );
      process.stdout.write(`[cluster] ${name}: health on http://127.0.0.1:${healthPort}/readyz\n`);
      healthPort += 1;
    }
  }
  processes.push(
    start('gateway', 'gateway', { HEADROOM_TRANSPORT: 'redis', HEADROOM_REDIS_URL: redisUrl }),
  );

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('[cluster] stopping\n');
    for (const { child } of processes) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
    const force = setTimeout(() => {
      for (const { child } of processes) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    }, 10_000);
    force.unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`[cluster] ${error.stack || error}\n`);
  process.exit(1);
});
