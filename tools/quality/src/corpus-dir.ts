import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The shared corpus: `HEADROOM_CORPUS_DIR`, else `../shared/corpus` next to
 * the repository. A missing corpus is an error with the path in it, never a
 * silent skip: a quality run over nothing would report perfect scores.
 */
export function corpusDir(): string {
  const configured = process.env['HEADROOM_CORPUS_DIR'];
  const root = configured ? resolve(configured) : join(repositoryRoot(), '..', 'shared', 'corpus');
  if (!existsSync(root)) {
    throw new Error(
      `corpus not found at ${root}: set HEADROOM_CORPUS_DIR to the shared corpus directory`,
    );
  }

  return root;
}

// Works from the sources (jest) and from dist/ (npm run quality) alike.
function repositoryRoot(): string {
  let directory = __dirname;
  while (!existsSync(join(directory, 'nx.json'))) {
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(`no nx.json above ${__dirname}`);
    }
    directory = parent;
  }

  return directory;
}
