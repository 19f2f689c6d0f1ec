import { join } from 'node:path';
import { type CompressInput, ccrKey } from '@headroom/contracts';
import { tokenizerFor } from '@headroom/tokens';
import { CompressorThreadPool } from './compressor-thread-pool';

const families = join(__dirname, '../../test/fixtures/misbehaving-compressors.ts');
const input = (text: string): CompressInput => ({ text, kind: 'log', query: '', lossless: false });

describe(CompressorThreadPool.name, () => {
  let pool: CompressorThreadPool;
  const restarts: string[] = [];

  beforeAll(async () => {
    pool = new CompressorThreadPool({
      threads: 1,
      timeoutMs: 1_000,
      families,
      onRestart: (reason) => restarts.push(reason),
    });
    await pool.ready();
  });

  afterAll(() => pool.close());

  it('compresses in another thread', async () => {
    await expect(pool.compress(input('abc'))).resolves.toMatchObject({ text: 'ABC' });
  });

  it('fails a call that waits too long behind others on its own, and keeps the thread', async () => {
    const burst = ['slow:600', 'slow:600', 'slow:600'].map((text) => pool.compress(input(text)));

    const settled = await Promise.allSettled(burst);

    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(String((settled[2] as PromiseRejectedResult).reason)).toMatch(/busy for 1000 ms/);
    expect(restarts).toEqual([]);
    await expect(pool.compress(input('next'))).resolves.toMatchObject({ text: 'NEXT' });
  });

  it('drops waiting calls whose request is no longer wanted, and finishes the running one (BL-36)', async () => {
    const request = new AbortController();
    const running = pool.compress(input('slow:300'), request.signal);
    const waiting = ['one', 'two'].map((text) => pool.compress(input(text), request.signal));
    const other = pool.compress(input('other'));

    request.abort();
    const settled = await Promise.allSettled(waiting);

    await expect(running).resolves.toMatchObject({ text: 'SLOW:300' });
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(String((settled[0] as PromiseRejectedResult).reason)).toMatch(/no longer wanted/);
    await expect(other).resolves.toMatchObject({ text: 'OTHER' });
    await expect(pool.compress(input('late'), request.signal)).rejects.toThrow(/no longer wanted/);
    expect(restarts).toEqual([]);
  });

  it('abandons a call that never returns and keeps serving with a fresh thread', async () => {
    await expect(pool.compress(input('hang'))).rejects.toThrow(/exceeded 1000 ms/);

    await expect(pool.compress(input('too soon'))).rejects.toThrow(/starting/);
    await pool.ready();
    await expect(pool.compress(input('after'))).resolves.toMatchObject({ text: 'AFTER' });
    expect(restarts).toContain('timeout');
  });

  it('survives a thread that dies mid-call', async () => {
    await expect(pool.compress(input('crash'))).rejects.toThrow(/crashed/);
    await pool.ready();

    await expect(pool.compress(input('again'))).resolves.toMatchObject({ text: 'AGAIN' });
    expect(restarts).toContain('crash');
  });

  it('runs the real families by default', async () => {
    const real = new CompressorThreadPool({ threads: 1, timeoutMs: 10_000 });
    await real.ready();
    const rows = JSON.stringify(
      Array.from({ length: 200 }, (_, id) => ({ id, status: 'ok', region: 'eu-west-1' })),
    );

    const log = Array.from({ length: 400 }, (_, i) => `10:00:${i % 60} INFO worker-${i % 4} ok`);
    log[200] = '10:00:20 ERROR db-pool exhausted (max=20)';
    const logText = log.join('\n');

    const outcome = await real.compress({ text: rows, kind: 'json', query: '', lossless: true });
    const lossy = await real.compress({ text: logText, kind: 'log', query: '', lossless: false });
    const counts = await real.countTokens('o200k_base', ['hello world', rows]);
    await real.close();

    expect(outcome.status).toBe('compressed');
    // Whole-block originals come back as a flag and get the caller's text.
    const originals = lossy.status === 'compressed' ? lossy.originals : [];
    expect(originals.map((original) => original.content)).toContain(logText);
    for (const original of originals) expect(ccrKey(original.content)).toBe(original.key);
    expect(counts).toEqual([2, tokenizerFor('gpt-4o').count(rows)]);
  });
});
