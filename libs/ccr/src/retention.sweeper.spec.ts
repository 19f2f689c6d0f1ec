import { startRetentionSweeper } from './retention.sweeper';

describe('startRetentionSweeper', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('purges on every interval and stops when asked', async () => {
    const purgeExpired = jest.fn().mockResolvedValue(2);
    const log = jest.fn();
    const sweeper = startRetentionSweeper({ purgeExpired }, 1000, { log, warn: jest.fn() });

    await jest.advanceTimersByTimeAsync(3000);
    sweeper.stop();
    await jest.advanceTimersByTimeAsync(3000);

    expect(purgeExpired).toHaveBeenCalledTimes(3);
    expect(log).toHaveBeenCalledWith('ccr purge done', expect.objectContaining({ purged: 2 }));
  });

  it('never runs two sweeps at once and survives a failing purge', async () => {
    let finish: (count: number) => void = () => undefined;
    const purgeExpired = jest
      .fn()
      .mockImplementationOnce(() => new Promise<number>((resolve) => (finish = resolve)))
      .mockRejectedValueOnce(new Error('database is locked'))
      .mockResolvedValue(0);
    const warn = jest.fn();
    const sweeper = startRetentionSweeper({ purgeExpired }, 1000, { log: jest.fn(), warn });

    const first = sweeper.sweep();
    const overlapping = sweeper.sweep();
    finish(5);

    expect(overlapping).toBe(first);
    await expect(first).resolves.toBe(5);
    await expect(sweeper.sweep()).resolves.toBe(0);
    expect(warn).toHaveBeenCalledWith('ccr purge failed', { error: 'database is locked' });
    sweeper.stop();
  });
});
