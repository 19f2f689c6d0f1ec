import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openUsageStore } from '@headroom/storage';
import { runCli } from '../main';

const WINDOW = ['--from', '2026-12-01', '--to', '2026-12-02'];

describe('headroom report', () => {
  let directory: string;
  let stderr: string[];
  let stdout: string[];

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'headroom-report-'));
    stderr = [];
    stdout = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(directory, { recursive: true, force: true });
  });

  it('refuses a mistyped database location and creates nothing there', async () => {
    const missing = join(directory, 'mistyped', 'headroom.db');

    const code = await runCli(['report', ...WINDOW, '--database', `file:${missing}`]);

    expect(code).toBe(1);
    expect(stderr.join('')).toContain(`no Headroom database at ${missing}`);
    expect(stdout.join('')).toBe('');
    expect(existsSync(join(directory, 'mistyped'))).toBe(false);
  });

  it('refuses a mistyped HEADROOM_DATABASE_URL the same way', async () => {
    const missing = join(directory, 'headroom.db');
    const previous = process.env['HEADROOM_DATABASE_URL'];
    process.env['HEADROOM_DATABASE_URL'] = `file:${missing}`;

    try {
      expect(await runCli(['report', ...WINDOW])).toBe(1);
    } finally {
      process.env['HEADROOM_DATABASE_URL'] = previous;
    }

    expect(stderr.join('')).toContain('no Headroom database');
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a file that is not a Headroom database and leaves it as it was', async () => {
    const empty = join(directory, 'empty.db');
    writeFileSync(empty, '');

    expect(await runCli(['report', ...WINDOW, '--database', `file:${empty}`])).toBe(1);
    expect(stderr.join('')).toContain('no Headroom database');
    expect(existsSync(`${empty}-wal`)).toBe(false);
  });

  it("reports on the gateway's existing database", async () => {
    const path = join(directory, 'headroom.db');
    await (await openUsageStore({ databaseUrl: `file:${path}` })).close();

    const code = await runCli(['report', ...WINDOW, '--database', `file:${path}`]);

    expect(stderr.join('')).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout.join(''))).toMatchObject({ database: `sqlite:${path}` });
  });
});
