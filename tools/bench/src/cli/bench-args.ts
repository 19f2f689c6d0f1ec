export const SUITES = [
  'json',
  'corpus',
  'dom',
  'scaling',
  'aligner',
  'gateway',
  'memory',
  'soak',
] as const;

export type Suite = (typeof SUITES)[number];

/** What a bare `npm run bench` runs: the soak takes minutes by design, so it runs only by name. */
export const DEFAULT_SUITES: readonly Suite[] = SUITES.filter((suite) => suite !== 'soak');

export type SoakArgs = {
  /** How long the load runs, in seconds (`--duration 600`, `10m`, `90s`). */
  durationSeconds: number;
  /** Requests started per second, whatever the answers do (`--rate 20`). */
  ratePerSecond: number;
  /**
   * Readings before this are shown, not judged (`--warmup 20m`): long enough
   * for the bounded caches to reach their bound. Default: a quarter of the
   * run, at most two minutes.
   */
  warmupSeconds?: number;
};

export const DEFAULT_SOAK: SoakArgs = { durationSeconds: 600, ratePerSecond: 20 };

export type BenchArgs = {
  suites: readonly Suite[];
  /** Few iterations and short load runs: a smoke test for CI, not a measurement. */
  quick: boolean;
  soak: SoakArgs;
};

/** `--only json,gateway`, `--quick`, and for the soak `--duration` and `--rate`; nothing else. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let suites: readonly Suite[] = DEFAULT_SUITES;
  let quick = false;
  const soak = { ...DEFAULT_SOAK };

  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split('=', 2) : [arg];
    const value = (): string => inline ?? argv[++index] ?? '';

    if (name === '--quick') {
      quick = true;
    } else if (name === '--only') {
      suites = parseSuites(value());
    } else if (name === '--duration') {
      soak.durationSeconds = parseDuration(value());
    } else if (name === '--rate') {
      soak.ratePerSecond = parseRate(value());
    } else if (name === '--warmup') {
      soak.warmupSeconds = parseDuration(value(), '--warmup');
    } else {
      throw new Error(
        `unknown argument ${arg}; use --only ${SUITES.join(',')}, --quick, --duration, --rate and --warmup`,
      );
    }
  }
  if (soak.warmupSeconds !== undefined && soak.warmupSeconds >= soak.durationSeconds) {
    throw new Error(
      `--warmup (${soak.warmupSeconds} s) must end before --duration (${soak.durationSeconds} s) does`,
    );
  }

  return { suites, quick, soak };
}

function parseSuites(value: string): Suite[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(SUITES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`--only takes a comma list of ${SUITES.join(', ')}; got "${value}"`);
  }

  return SUITES.filter((suite) => names.includes(suite));
}

function parseDuration(value: string, flag = '--duration'): number {
  const match = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * (match[2] === 'm' ? 60 : 1) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds < 10) {
    throw new Error(`${flag} takes seconds (at least 10), e.g. 600, 90s or 10m; got "${value}"`);
  }

  return seconds;
}

function parseRate(value: string): number {
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 1_000) {
    throw new Error(`--rate takes requests per second, above 0 and at most 1000; got "${value}"`);
  }

  return rate;
}
