import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const DEFAULT_CORPUS_DIR = '/work/shared/corpus';

export function corpusDirectory(): string {
  return process.env['HEADROOM_CORPUS_DIR'] || DEFAULT_CORPUS_DIR;
}

export function hasCorpus(directory: string): boolean {
  return existsSync(join(directory, 'MANIFEST.md'));
}

/** Every file under `directory` whose name passes `accept`, sorted, so runs are repeatable. */
export function filesUnder(directory: string, accept: (path: string) => boolean): string[] {
  if (!existsSync(directory)) {
    return [];
  }

  const found: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) {
        walk(path);
      } else if (accept(path)) {
        found.push(path);
      }
    }
  };
  walk(directory);

  return found;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

export function nameIn(root: string, path: string): string {
  return relative(root, path);
}
