import { runOpenLoop } from './open-loop';

describe(runOpenLoop.name, () => {
  it('keeps starting on schedule while earlier requests are still running', async () => {
    const startedAt: number[] = [];
    const stats = await runOpenLoop({
      ratePerSecond: 50,
      durationMs: 1_000,
      fire: async () => {
        startedAt.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 300));
      },
    });

    expect(stats.scheduled).toBe(50);
    expect(stats.started).toBe(50);
    expect(startedAt).toHaveLength(50);
    // Closed-loop with one lane would manage about three in a second.
    expect(stats.maxInFlight).toBeGreaterThanOrEqual(10);
    expect(stats.achievedRate).toBeGreaterThan(45);
    expect(stats.achievedRate).toBeLessThan(55);
    expect(stats.wallMs).toBeGreaterThanOrEqual(1_250);
  });

  it('waits for every request and survives one that fails', async () => {
    let finished = 0;
    const stats = await runOpenLoop({
      ratePerSecond: 20,
      durationMs: 500,
      fire: async (index) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (index === 3) throw new Error('boom');
        finished += 1;
      },
    });

    expect(stats.started).toBe(10);
    expect(finished).toBe(9);
  });
});
