import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type BenchResult, benchResultSchema } from './bench-result.schema';

/** The repository root, found from this file so it works from sources and from dist/. */
export function workspaceRoot(from: string = __dirname): string {
  for (let directory = from; ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'nx.json'))) {
      return directory;
    }
    if (dirname(directory) === directory) {
      throw new Error(`no nx.json above ${from}`);
    }
  }
}

export function resultsDirectory(root: string): string {
  return process.env['HEADROOM_BENCH_RESULTS_DIR'] || join(root, 'bench', 'results');
}

/** Validates before writing: a file that breaks the schema is a bench bug, not a result. */
export function writeResult(directory: string, result: BenchResult): string {
  const checked = benchResultSchema.parse(result);
  const path = join(directory, `${checked.scenario}.json`);

  mkdirSync(directory, { recursive: true });
  writeFileSync(path, `${JSON.stringify(checked, null, 2)}\n`);

  return path;
}
