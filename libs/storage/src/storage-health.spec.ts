import { execFileSync } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import Database from 'better-sqlite3';
import { ccrKey, type OriginalRecord } from '@headroom/contracts';
import { type Backend, postgresBackend, sqliteBackend } from '../test/backends';
import { openOriginalStore } from './open-original.store';
import type { PrismaOriginalStore } from './prisma-original.store';
import { ReconnectingOriginalStore } from './reconnecting-original.store';
import { classifyStorageError } from './storage-health';
import { StorageUnavailableError } from './write-outcome.tracker';

function record(content: string): OriginalRecord {
  return { key: ccrKey(content), content, kind: 'json', compressor: 'json' };
}

describe('classifyStorageError', () => {
  it.each([
    [
      { code: 'P1008', meta: { driverAdapterError: { cause: { originalCode: 'SQLITE_BUSY' } } } },
      'locked',
    ],
    [
      { cause: { originalCode: 'SQLITE_FULL', originalMessage: 'database or disk is full' } },
      'full',
    ],
    [new Error('attempt to write a readonly database'), 'read_only'],
    [{ message: 'x', cause: { code: 'ECONNREFUSED' } }, 'unreachable'],
    [{ cause: { kind: 'DatabaseNotReachable' } }, 'unreachable'],
    [new Error('storage call did not finish within 15000 ms'), 'timeout'],
    [new Error('something else'), 'error'],
  ])('sorts %j as %s', (error, fault) => {
    expect(classifyStorageError(error)).toBe(fault);
  });
});

describe('PrismaOriginalStore health on sqlite', () => {
  let backend: Backend;
  let store: PrismaOriginalStore;

  beforeAll(async () => {
    backend = sqliteBackend();
    store = await openOriginalStore({ databaseUrl: backend.url });
  });

  afterAll(async () => {
    await store.close();
    await backend.destroy();
  });

  it('is up on a fresh database and says nothing about where it is', async () => {
    const health = await store.health();

    expect(health).toEqual({ status: 'up', provider: 'sqlite' });
  });

  it('turns degraded while another connection holds the write lock, fails fast behind one probe, and recovers', async () => {
    const path = backend.url.slice('file:'.length);
    const holder = new Database(path);
    holder.prepare('BEGIN IMMEDIATE').run();

    const startedAt = Date.now();
    const probe = store.save([record('locked one')], { tenant: 'acme' });
    const behind = store.save([record('locked two')], { tenant: 'acme' });
    const settled = await Promise.allSettled([probe, behind]);
    const waitedMs = Date.now() - startedAt;

    expect(settled.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(waitedMs).toBeLessThan(3_000);
    expect(await store.health()).toEqual({
      status: 'degraded',
      provider: 'sqlite',
      reason: 'locked',
    });
    // The save behind the first one was refused once the first had failed.
    const quick = Date.now();
    const both = Promise.allSettled([
      store.save([record('locked three')], { tenant: 'acme' }),
      store.save([record('locked four')], { tenant: 'acme' }),
    ]);
    const [, second] = await both;
    expect(second.status === 'rejected' && second.reason).toBeInstanceOf(StorageUnavailableError);
    expect(Date.now() - quick).toBeLessThan(3_000);
    expect(store.writeFailures().get('locked')).toBeGreaterThanOrEqual(4);

    holder.prepare('ROLLBACK').run();
    holder.close();
    await store.save([record('after the lock')], { tenant: 'acme' });

    expect(await store.health()).toEqual({ status: 'up', provider: 'sqlite' });
    expect(await store.lookup('acme', ccrKey('after the lock'))).toMatchObject({ status: 'found' });
  });

  it('refuses to open a database whose file is immutable, naming the file for the operator', async () => {
    const other = sqliteBackend();
    const path = other.url.slice('file:'.length);
    const first = await openOriginalStore({ databaseUrl: other.url });
    await first.close();

    try {
      execFileSync('chattr', ['+i', path], { stdio: 'ignore' });
    } catch {
      // tmpfs and overlay keep no immutable flag; the e2e suite finds a disk that does.
      await other.destroy();
      return;
    }
    try {
      await expect(openOriginalStore({ databaseUrl: other.url })).rejects.toThrow(
        new RegExp(`cannot be written: .*${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
    } finally {
      execFileSync('chattr', ['-i', path]);
      await other.destroy();
    }
  });
});

describe('PrismaOriginalStore health on postgresql', () => {
  let backend: Backend;

  beforeAll(() => {
    backend = postgresBackend();
  });

  afterAll(async () => {
    await backend.destroy();
  });

  it('is up while PostgreSQL answers', async () => {
    const store = await openOriginalStore({ databaseUrl: backend.url });

    try {
      expect(await store.health()).toEqual({ status: 'up', provider: 'postgresql' });
    } finally {
      await store.close();
    }
  });

  it('reports down and refuses calls until the database can be opened, then serves from it', async () => {
    const closed = await closedPort();
    let url = backend.url.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${closed}`);
    const attempts: string[] = [];
    const store = new ReconnectingOriginalStore({
      provider: 'postgresql',
      open: () => openOriginalStore({ databaseUrl: url }),
      retryDelaysMs: [50],
      onAttemptFailed: (fault) => attempts.push(fault),
    }).start();

    try {
      while (attempts.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(attempts[0]).toBe('unreachable');
      expect(await store.health()).toEqual({
        status: 'down',
        provider: 'postgresql',
        reason: 'unreachable',
      });
      await expect(store.save([record('while down')], { tenant: 'acme' })).rejects.toBeInstanceOf(
        StorageUnavailableError,
      );
      await expect(store.refresh('acme', [ccrKey('while down')])).rejects.toBeInstanceOf(
        StorageUnavailableError,
      );
      expect(store.writeFailures().get('unreachable')).toBe(2);

      url = backend.url;
      while (!store.isOpen) await new Promise((resolve) => setTimeout(resolve, 20));
      await store.save([record('once open')], { tenant: 'acme' });

      expect(await store.health()).toEqual({ status: 'up', provider: 'postgresql' });
      expect(await store.lookup('acme', ccrKey('once open'))).toMatchObject({ status: 'found' });
      expect(await store.refresh('acme', [ccrKey('once open'), ccrKey('never')])).toEqual([
        ccrKey('never'),
      ]);
    } finally {
      await store.close();
    }
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  return port;
}
