import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the shared corpus lives for tests. A missing corpus is an error, not
 * a skip: quality tests that silently pass on nothing measure nothing.
 */
export function corpusPath(...parts: string[]): string {
  const root =
    process.env['HEADROOM_CORPUS_DIR'] ??
    join(__dirname, '..', '..', '..', '..', '..', 'shared', 'corpus');
  if (!existsSync(root)) {
    throw new Error(
      `corpus not found at ${root}; set HEADROOM_CORPUS_DIR to the shared corpus directory`,
    );
  }

  return join(root, ...parts);
}
