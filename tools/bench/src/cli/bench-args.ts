export const SUITES = ['json', 'corpus', 'dom', 'scaling', 'aligner', 'gateway', 'memory'] as const;

export type Suite = (typeof SUITES)[number];

export type BenchArgs = {
  suites: readonly Suite[];
  /** Few iterations and short load runs: a smoke test for CI, not a measurement. */
  quick: boolean;
};

/** `--only json,gateway` and `--quick`; nothing else, so nothing to document twice. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let suites: readonly Suite[] = SUITES;
  let quick = false;

  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--quick') {
      quick = true;
    } else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++index] : arg.slice('--only='.length);
      suites = parseSuites(value ?? '');
    } else {
      throw new Error(`unknown argument ${arg}; use --only ${SUITES.join(',')} and --quick`);
    }
  }

  return { suites, quick };
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
