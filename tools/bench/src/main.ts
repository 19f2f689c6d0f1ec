import { parseBenchArgs } from './cli/bench-args';
import { runBench } from './bench-runner';

// `npm run bench [-- --only json,gateway] [-- --quick]`
runBench(parseBenchArgs(process.argv.slice(2))).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
