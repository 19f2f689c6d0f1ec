import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `directory`, sorted, as paths relative to `root`. */
export function listFiles(
  root: string,
  directory: string,
  accept: (path: string) => boolean = () => true,
): string[] {
  const walk = (current: string): string[] =>
    readdirSync(current)
      .sort()
      .flatMap((name) => {
        const path = join(current, name);
        return statSync(path).isDirectory() ? walk(path) : [path];
      });

  return walk(join(root, directory))
    .map((path) => relative(root, path))
    .filter(accept);
}

export function readText(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}
