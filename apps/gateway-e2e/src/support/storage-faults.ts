import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseMarkers } from '@headroom/contracts';
import type { RecordedRequest } from '@headroom/testing';

const WORKSPACE = join(__dirname, '..', '..', '..', '..');

/**
 * A TCP relay on 127.0.0.1 in front of PostgreSQL, so a test can take the
 * database away from the gateway (every open connection reset, nothing
 * listening) and give it back on the same port.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(port, target);

    return proxy.listen();
  }

  /** Resets every relayed connection and stops listening. */
  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** Listens again on the same port. */
  async restore(): Promise<void> {
    await this.listen();
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private async listen(): Promise<this> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      this.sockets.add(client).add(upstream);
      const forget = (): void => {
        this.sockets.delete(client);
        this.sockets.delete(upstream);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', forget).on('close', forget);
      upstream.on('error', forget).on('close', forget);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    (this as { port: number }).port = (server.address() as AddressInfo).port;
    this.server = server;

    return this;
  }
}

/**
 * Another process holding SQLite's write lock (`BEGIN IMMEDIATE`, or
 * `BEGIN EXCLUSIVE`) on a database file until `release()`, as a backup tool or
 * a second gateway pointed at the same file would.
 */
export async function holdSqliteWriteLock(
  path: string,
  mode: 'IMMEDIATE' | 'EXCLUSIVE' = 'IMMEDIATE',
): Promise<{ release(): Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.prepare('BEGIN ${mode}').run();
    process.stdout.write('locked\\n');
    process.stdin.on('data', () => { db.prepare('ROLLBACK').run(); db.close(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['-e', script, path], {
    cwd: WORKSPACE,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await firstLine(child, (line) => line === 'locked');

  return {
    async release() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin?.write('release\n');
      await exited;
    },
  };
}

function firstLine(child: ChildProcess, match: (line: string) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
    if (!child.stdout) throw new Error('lock holder has no stdout');
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (match(line)) resolve();
    });
  });
}

type ChildReply = { event: string; [field: string]: unknown };

/**
 * A gateway in a child process inside `unshare -Urm` (a user and mount
 * namespace of its own, which needs no privilege), its database directory a
 * tmpfs of `sizeKiB`. `fill()` takes the last free byte of it; `unfill()`
 * gives the space back.
 */
export class NamespacedGateway {
  private readonly replies: ChildReply[] = [];
  private readonly waiters: Array<(reply: ChildReply) => boolean> = [];
  readonly logs: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly directory: string,
    public url = '',
  ) {
    if (!child.stdout) throw new Error('namespaced gateway has no stdout');
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
  }

  static async start(env: Record<string, string>, sizeKiB: number): Promise<NamespacedGateway> {
    const directory = mkdtempSync(join(tmpdir(), 'headroom-ns-'));
    const database = join(directory, 'db');
    mkdirSync(database);
    const child = spawn(
      'unshare',
      [
        '-Urm',
        'sh',
        '-c',
        `mount -t tmpfs -o size=${sizeKiB}k headroom-test "$0" && exec "$@"`,
        database,
        process.execPath,
        '--require',
        join(WORKSPACE, 'tools', 'scripts', 'ts-register.cjs'),
        join(__dirname, 'namespaced-gateway.child.ts'),
      ],
      {
        cwd: WORKSPACE,
        env: {
          ...process.env,
          HEADROOM_PORT: '0',
          HEADROOM_HOST: '127.0.0.1',
          HEADROOM_DATABASE_URL: `file:${join(database, 'headroom.db')}`,
          HEADROOM_TEST_DB_DIR: database,
          ...env,
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const gateway = new NamespacedGateway(child, directory);
    if (child.stderr) {
      createInterface({ input: child.stderr }).on('line', (line) => gateway.logs.push(line));
    }
    const started = await gateway.next((reply) => ['listening', 'failed'].includes(reply.event));
    if (started.event !== 'listening') {
      throw new Error(`namespaced gateway failed: ${String(started.message)}`);
    }
    gateway.url = String(started.url);

    return gateway;
  }

  async fill(): Promise<number> {
    return Number((await this.command('fill')).bytes);
  }

  async unfill(): Promise<void> {
    await this.command('unfill');
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    // The tmpfs went with the namespace; only the empty mount point is left.
    rmSync(this.directory, { recursive: true, force: true });
  }

  private async command(name: string): Promise<ChildReply> {
    this.child.stdin?.write(`${name}\n`);
    const reply = await this.next((candidate) => [name, 'error'].includes(candidate.event));
    if (reply.event === 'error') throw new Error(String(reply.message));

    return reply;
  }

  private next(match: (reply: ChildReply) => boolean): Promise<ChildReply> {
    const index = this.replies.findIndex(match);
    if (index >= 0) return Promise.resolve(this.replies.splice(index, 1)[0]);

    return new Promise((resolve, reject) => {
      this.child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
      this.waiters.push((reply) => {
        if (!match(reply)) return false;
        resolve(reply);

        return true;
      });
    });
  }

  private onLine(line: string): void {
    if (!line.startsWith('@@ ')) {
      this.logs.push(line);

      return;
    }
    const reply = JSON.parse(line.slice(3)) as ChildReply;
    const waiter = this.waiters.findIndex((candidate) => candidate(reply));
    if (waiter >= 0) this.waiters.splice(waiter, 1);
    else this.replies.push(reply);
  }
}

/** Whether the kernel lets this process set the immutable flag on files in `directory`. */
export function supportsImmutable(directory: string): boolean {
  const probe = join(directory, 'immutable-probe');
  try {
    execFileSync('touch', [probe]);
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });

    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { force: true });
  }
}

export function setImmutable(paths: string[], immutable: boolean): void {
  execFileSync('chattr', [immutable ? '+i' : '-i', ...paths]);
}

/** The markers in what the upstream received (JSON-escaped quotes undone). */
export function markersIn(request: RecordedRequest): string[] {
  return parseMarkers(request.body.toString('utf8').replace(/\\"/g, '"')).map(
    (marker) => marker.key,
  );
}

/** One `/metrics` sample's value, or 0 when the series does not exist (yet). */
export function metricValue(
  exposition: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  const line = exposition
    .split('\n')
    .find(
      (candidate) =>
        (candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `)) &&
        wanted.every((pair) => candidate.includes(pair)),
    );

  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
