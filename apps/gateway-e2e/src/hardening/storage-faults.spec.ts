import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeUpstream, openAIChatCompletion } from '@headroom/testing';
import { Client } from 'pg';
import { type Harness, startHarness } from '../support/gateway-harness';
import {
  holdSqliteWriteLock,
  markersIn,
  metricValue,
  NamespacedGateway,
  setImmutable,
  supportsImmutable,
  TcpProxy,
} from '../support/storage-faults';

// Database faults under a running gateway, against real SQLite files and a
// real PostgreSQL. Whatever the fault, every request gets the upstream's
// answer; what went upstream is the client's bytes or carries only markers
// whose originals are stored; /readyz and /metrics say what is wrong; and
// once the fault is gone, compression comes back by itself.

const TENANT_KEY = 'hr-storage-faults-7d2c';
const TENANT = 'storage-faults';
const POSTGRES_URL =
  process.env['HEADROOM_TEST_POSTGRES_URL'] || 'postgresql://postgres@127.0.0.1:5432/test';
const HEADERS = {
  'content-type': 'application/json',
  authorization: 'Bearer sk-storage-faults',
  'x-headroom-key': TENANT_KEY,
};
const ENV = { HEADROOM_API_KEYS: `${TENANT_KEY}:${TENANT}` };

// A compressible tool output, different per call so neither the compression
// cache nor a session's earlier decision answers for it.
function chat(seed: string): string {
  const rows = Array.from({ length: 300 }, (_, i) => ({
    id: i,
    sku: `${seed}-${i}`,
    qty: i % 7,
    status: i === 137 ? 'error' : 'ok',
  }));

  return JSON.stringify({
    model: 'gpt-4o',
    messages: [
      { role: 'user', content: `Which order failed in batch ${seed}?` },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'orders', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: JSON.stringify(rows) },
    ],
  });
}

type Target = { url: string; upstream: FakeUpstream };
type Sent = { body: string; answer: string; status: number; text: string; ms: number };

// Concurrent requests reach the upstream in any order: give them one answer.
async function send(target: Target, seed: string, answer = `answer for ${seed}`): Promise<Sent> {
  const body = chat(seed);
  target.upstream.enqueue({ kind: 'json', body: openAIChatCompletion({ text: answer }) });
  const startedAt = Date.now();
  // A session of its own: a session that once got a marker keeps the
  // retrieval tool in every later turn, and this check wants exact bytes.
  const response = await fetch(`${target.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { ...HEADERS, 'x-headroom-session-id': seed },
    body,
  });
  const text = await response.text();

  return { body, answer, status: response.status, text, ms: Date.now() - startedAt };
}

type Readiness = {
  status: string;
  storage?: { status: string; provider: string; reason?: string };
};

async function readyz(target: Target): Promise<{ status: number; text: string; body: Readiness }> {
  const response = await fetch(`${target.url}/readyz`);
  const text = await response.text();

  return { status: response.status, text, body: JSON.parse(text) as Readiness };
}

async function metrics(target: Target): Promise<string> {
  return (await fetch(`${target.url}/metrics`)).text();
}

async function retrieve(target: Target, key: string): Promise<number> {
  const response = await fetch(`${target.url}/v1/retrieve/${key}`, {
    headers: { 'x-headroom-key': TENANT_KEY },
  });
  await response.text();

  return response.status;
}

/**
 * Every upstream request either is the client's body byte for byte or
 * names only originals that this tenant can retrieve now.
 */
async function expectNothingLost(target: Target, sent: Sent[]): Promise<number> {
  const requests = target.upstream.requests.filter((request) =>
    request.path.endsWith('/chat/completions'),
  );

  const bodies = new Set(sent.map((request) => request.body));
  let markers = 0;

  expect(requests).toHaveLength(sent.length);
  for (const request of requests) {
    if (bodies.has(request.body.toString('utf8'))) continue;

    const keys = markersIn(request);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(await retrieve(target, key)).toBe(200);
    }
    markers += keys.length;
  }

  return markers;
}

function expectAnswered(sent: Sent[]): void {
  for (const request of sent) {
    expect(request.status).toBe(200);
    expect(request.text).toContain(request.answer);
  }
}

function expectNoLocationIn(text: string, ...secrets: string[]): void {
  for (const secret of ['file:', 'postgres://', 'postgresql://', '/tmp', ...secrets]) {
    expect(text).not.toContain(secret);
  }
}

type FaultRun = {
  target: Target;
  inject(): Promise<void>;
  clear(): Promise<void>;
  during: { status: 'degraded' | 'down'; reason: string };
  label: string;
  /** Paths, URLs and ports that /readyz must not show. */
  hidden: string[];
};

const timings: Record<string, { during: number[]; concurrent: number[]; recoveryMs: number }> = {};

/** The common run: works, fault, requests, health, metrics, clear, works again. */
async function exercise(run: FaultRun): Promise<void> {
  const { target } = run;
  const sent: Sent[] = [];
  target.upstream.reset();

  // The first save on a fresh connection can miss the pipeline's bound on a
  // loaded machine; what matters is that compression works before the fault.
  await untilCompressed(target, `${run.label}-before`, sent);
  const failOpenBefore = metricValue(await metrics(target), 'headroom_compressor_fail_open_total', {
    compressor: 'ccr',
    reason: 'storage',
  });

  await run.inject();
  const during: Sent[] = [];
  for (let i = 0; i < 3; i += 1) {
    during.push(await send(target, `${run.label}-during-${i}-${randomBytes(3).toString('hex')}`));
  }
  const concurrent = await Promise.all(
    [0, 1, 2].map((i) =>
      send(target, `${run.label}-burst-${i}-${randomBytes(3).toString('hex')}`, 'burst answer'),
    ),
  );
  sent.push(...during, ...concurrent);
  expectAnswered(sent);

  const health = await readyz(target);
  expect(health.status).toBe(200);
  expect(health.body).toMatchObject({ status: 'ready', storage: run.during });
  expectNoLocationIn(health.text, ...run.hidden);

  const exposition = await metrics(target);
  expect(
    metricValue(exposition, 'headroom_compressor_fail_open_total', {
      compressor: 'ccr',
      reason: 'storage',
    }),
  ).toBeGreaterThan(failOpenBefore);
  expect(metricValue(exposition, 'headroom_storage_up')).toBe(0);
  expect(
    metricValue(exposition, 'headroom_storage_write_failures_total', { reason: run.during.reason }),
  ).toBeGreaterThan(0);

  await run.clear();
  const clearedAt = Date.now();
  await untilCompressed(target, `${run.label}-after`, sent);
  const recoveryMs = Date.now() - clearedAt;
  expect((await readyz(target)).body.storage).toMatchObject({ status: 'up' });
  expect(metricValue(await metrics(target), 'headroom_storage_up')).toBe(1);

  // Every request of the run, the fault window's included, checked now that lookups work.
  expect(await expectNothingLost(target, sent)).toBeGreaterThanOrEqual(2);
  timings[run.label] = {
    during: during.map((request) => request.ms),
    concurrent: concurrent.map((request) => request.ms),
    recoveryMs,
  };
}

/** Sends fresh compressible requests until one goes upstream with a marker. */
async function untilCompressed(target: Target, label: string, sent: Sent[]): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const request = await send(target, `${label}-${attempt}-${randomBytes(3).toString('hex')}`);
    sent.push(request);
    expectAnswered([request]);
    if (markersIn(lastChat(target)).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  throw new Error(`${label}: no request was compressed in 20 attempts`);
}

function lastChat(target: Target) {
  const requests = target.upstream.requests.filter((request) =>
    request.path.endsWith('/chat/completions'),
  );

  return requests[requests.length - 1];
}

afterAll(() => {
  // Measured numbers for the issue notes: request wait during the fault, ms.
  process.stdout.write(`storage fault timings ${JSON.stringify(timings)}\n`);
});

/** Starts the in-process gateway on a database URL of its own. */
async function harnessOn(databaseUrl: string, env: Record<string, string> = {}): Promise<Harness> {
  const previous = process.env['HEADROOM_DATABASE_URL'];
  process.env['HEADROOM_DATABASE_URL'] = databaseUrl;
  try {
    return await startHarness({ env: { ...ENV, ...env } });
  } finally {
    process.env['HEADROOM_DATABASE_URL'] = previous;
  }
}

function target(harness: Harness): Target {
  return { url: harness.url, upstream: harness.upstream };
}

describe('hardening: storage faults', () => {
  describe('SQLite locked by another process', () => {
    const directory = mkdtempSync(join(tmpdir(), 'headroom-locked-'));
    const path = join(directory, 'ccr.db');
    let harness: Harness;

    beforeAll(async () => {
      harness = await harnessOn(`file:${path}`);
    });

    afterAll(async () => {
      await harness.close();
      rmSync(directory, { recursive: true, force: true });
    });

    it('sends blocks uncompressed while the write lock is held, then compresses again', async () => {
      let lock: { release(): Promise<void> } | undefined;

      await exercise({
        target: target(harness),
        label: 'locked',
        during: { status: 'degraded', reason: 'locked' },
        hidden: [directory],
        inject: async () => {
          lock = await holdSqliteWriteLock(path);
        },
        clear: async () => lock?.release(),
      });
    }, 90_000);

    // Served without its writes, a retrieval would leave no audit row and no
    // slid expiry; so it is refused as a storage fault a retry can outlast.
    it('answers a retrieval with 503 storage_unavailable while BEGIN EXCLUSIVE is held, then serves it', async () => {
      const run = target(harness);
      run.upstream.reset();
      await untilCompressed(run, 'exclusive', []);
      const [key] = markersIn(lastChat(run));

      const lock = await holdSqliteWriteLock(path, 'EXCLUSIVE');
      let answer: Response;
      let text: string;
      try {
        answer = await fetch(`${run.url}/v1/retrieve/${key}`, {
          headers: { 'x-headroom-key': TENANT_KEY },
        });
        text = await answer.text();
      } finally {
        await lock.release();
      }

      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(JSON.parse(text)).toEqual({
        error: {
          type: 'storage_unavailable',
          message: expect.stringContaining('locked'),
          request_id: answer.headers.get('x-request-id'),
        },
      });
      expectNoLocationIn(text, directory);
      expect(await retrieve(run, key)).toBe(200);
    }, 60_000);
  });

  describe('SQLite files made read-only (immutable) mid-run', () => {
    // chattr needs a file system that keeps the flag (ext4, xfs, btrfs); tmpfs does not.
    const parent = [tmpdir(), '/var/tmp'].find((candidate) => supportsImmutable(candidate));
    const directory = mkdtempSync(join(parent ?? tmpdir(), 'headroom-readonly-'));
    const path = join(directory, 'ccr.db');
    const files = [path, `${path}-wal`, `${path}-shm`];
    let harness: Harness;

    beforeAll(async () => {
      harness = await harnessOn(`file:${path}`);
    });

    afterAll(async () => {
      setImmutable(files, false);
      await harness.close();
      rmSync(directory, { recursive: true, force: true });
    });

    // The -shm file is in the set on purpose: SQLite maps it, and a store to
    // the mapping of an immutable file is a SIGBUS that would kill this process.
    it('stays up, refuses writes without touching the files, and recovers once writable', async () => {
      expect(parent).toBeDefined();

      await exercise({
        target: target(harness),
        label: 'read_only',
        during: { status: 'degraded', reason: 'read_only' },
        hidden: [directory],
        inject: async () => setImmutable(files, true),
        clear: async () => setImmutable(files, false),
      });
    }, 90_000);
  });

  describe('SQLite out of space (tmpfs full)', () => {
    let upstream: FakeUpstream;
    let gateway: NamespacedGateway;

    beforeAll(async () => {
      upstream = await FakeUpstream.start();
      gateway = await NamespacedGateway.start(
        { ...ENV, HEADROOM_OPENAI_URL: upstream.url, HEADROOM_ANTHROPIC_URL: upstream.url },
        2048,
      );
    }, 60_000);

    afterAll(async () => {
      await gateway?.close();
      await upstream.close();
    });

    it('sends blocks uncompressed while the disk is full, then compresses again', async () => {
      let filled = 0;

      await exercise({
        target: { url: gateway.url, upstream },
        label: 'full',
        during: { status: 'degraded', reason: 'full' },
        hidden: ['headroom-ns-'],
        inject: async () => {
          filled = await gateway.fill();
        },
        clear: () => gateway.unfill(),
      });
      expect(filled).toBeGreaterThan(0);
    }, 90_000);
  });

  describe('PostgreSQL unreachable', () => {
    const schema = `headroom_faults_${process.pid}_${randomBytes(3).toString('hex')}`;
    let proxy: TcpProxy;

    function url(port: number): string {
      return `postgresql://postgres@127.0.0.1:${port}/test?schema=${schema}`;
    }

    beforeAll(async () => {
      const target = new URL(POSTGRES_URL);
      proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    });

    afterAll(async () => {
      await proxy.close();
      const client = new Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    });

    it('mid-run: serves uncompressed while the connection is cut, then compresses again', async () => {
      const harness = await harnessOn(url(proxy.port));

      try {
        await exercise({
          target: target(harness),
          label: 'postgres_cut',
          during: { status: 'down', reason: 'unreachable' },
          hidden: [String(proxy.port), schema],
          inject: () => proxy.cut(),
          clear: () => proxy.restore(),
        });
      } finally {
        await harness.close();
      }
    }, 90_000);

    it('at boot: starts, serves the exact client bytes, reports storage down, and connects later', async () => {
      await proxy.cut();
      const startedAt = Date.now();
      const harness = await harnessOn(url(proxy.port));
      const bootMs = Date.now() - startedAt;

      try {
        const during = await send(target(harness), `boot-${randomBytes(3).toString('hex')}`);
        expectAnswered([during]);
        expect(harness.upstream.requests[0].body.toString('utf8')).toBe(during.body);
        const health = await readyz(target(harness));
        expect(health.status).toBe(200);
        expect(health.body.storage).toEqual({
          status: 'down',
          provider: 'postgresql',
          reason: 'unreachable',
        });
        expectNoLocationIn(health.text, String(proxy.port), schema);
        const exposition = await metrics(target(harness));
        expect(metricValue(exposition, 'headroom_storage_up')).toBe(0);
        expect(
          metricValue(exposition, 'headroom_storage_write_failures_total', {
            reason: 'unreachable',
          }),
        ).toBeGreaterThan(0);

        await proxy.restore();
        const restoredAt = Date.now();
        while ((await readyz(target(harness))).body.storage?.status !== 'up') {
          expect(Date.now() - restoredAt).toBeLessThan(20_000);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        const reconnectMs = Date.now() - restoredAt;
        harness.upstream.reset();
        const after = await send(target(harness), `boot-after-${randomBytes(3).toString('hex')}`);
        expectAnswered([after]);
        const keys = markersIn(harness.upstream.requests[0]);
        expect(keys.length).toBeGreaterThan(0);
        for (const key of keys) expect(await retrieve(target(harness), key)).toBe(200);
        timings['postgres_boot'] = {
          during: [during.ms, bootMs],
          concurrent: [],
          recoveryMs: reconnectMs,
        };
      } finally {
        await harness.close();
      }
    }, 90_000);
  });
});
