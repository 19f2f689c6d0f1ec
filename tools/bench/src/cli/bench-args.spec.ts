import { DEFAULT_SOAK, DEFAULT_SUITES, parseBenchArgs } from './bench-args';

describe(parseBenchArgs.name, () => {
  it('runs every suite but the soak at full length by default', () => {
    expect(parseBenchArgs([])).toEqual({
      suites: DEFAULT_SUITES,
      quick: false,
      soak: DEFAULT_SOAK,
    });
    expect(DEFAULT_SUITES).not.toContain('soak');
  });

  it('takes --only as a comma list in either form, in suite order', () => {
    expect(parseBenchArgs(['--only', 'gateway,json']).suites).toEqual(['json', 'gateway']);
    expect(parseBenchArgs(['--only=scaling', '--quick'])).toMatchObject({
      suites: ['scaling'],
      quick: true,
    });
  });

  it('takes the soak duration in seconds or minutes and its rate', () => {
    expect(parseBenchArgs(['--only', 'soak', '--duration', '10m', '--rate=30']).soak).toEqual({
      durationSeconds: 600,
      ratePerSecond: 30,
    });
    expect(parseBenchArgs(['--duration=90s']).soak.durationSeconds).toBe(90);
    expect(parseBenchArgs(['--duration', '120']).soak.durationSeconds).toBe(120);
  });

  it('takes a soak warm-up that ends before the run does', () => {
    expect(parseBenchArgs(['--duration', '40m', '--warmup', '20m']).soak).toEqual({
      durationSeconds: 2_400,
      ratePerSecond: DEFAULT_SOAK.ratePerSecond,
      warmupSeconds: 1_200,
    });
    expect(() => parseBenchArgs(['--duration', '10m', '--warmup', '10m'])).toThrow(
      /--warmup .* must end before --duration/,
    );
    expect(() => parseBenchArgs(['--warmup', 'later'])).toThrow(/--warmup takes seconds/);
  });

  it('rejects unknown suites and arguments, and durations or rates that make no sense', () => {
    expect(() => parseBenchArgs(['--only', 'jsno'])).toThrow(/jsno/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/--fast/);
    expect(() => parseBenchArgs(['--duration', 'soon'])).toThrow(/--duration/);
    expect(() => parseBenchArgs(['--duration', '5'])).toThrow(/at least 10/);
    expect(() => parseBenchArgs(['--rate', '0'])).toThrow(/--rate/);
    expect(() => parseBenchArgs(['--rate'])).toThrow(/--rate/);
  });
});
