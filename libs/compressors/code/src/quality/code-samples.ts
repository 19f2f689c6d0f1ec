import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { extname, join } from 'node:path';
import type { CodeLanguage } from '@headroom/contracts';

/** A third-party source file read where it is installed; never copied into the repository. */
export type CodeSample = { language: CodeLanguage; path: string };

const EXTENSIONS: Record<string, CodeLanguage> = {
  '.ts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.py': 'python',
  '.go': 'go',
  '.rs': 'rust',
  '.java': 'java',
  '.c': 'c',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.cs': 'csharp',
  '.rb': 'ruby',
  '.sh': 'shell',
  '.php': 'php',
};

const IGNORED_DIRECTORIES = new Set(['.git', '.bin', '__pycache__', 'site-packages', '.cache']);
const MIN_BYTES = 2_000;
const MAX_BYTES = 150_000;
const SKIPPED =
  /(\.min\.|\.d\.ts$|\.bundle\.|[\\/]dist[\\/].*\.(m|c)?js$|[\\/]test[\\/]fixtures?[\\/])/;

/** Where installed sources live: the workspace's packages, Python's library, system examples. */
export function sampleRoots(workspace = process.cwd()): string[] {
  const roots = [
    join(workspace, 'node_modules'),
    pythonStdlib(),
    '/usr/share/doc',
    '/usr/lib/node_modules',
  ];

  return roots.filter((root): root is string => root !== undefined && existsSync(root));
}

function pythonStdlib(): string | undefined {
  try {
    const script = 'import sysconfig; print(sysconfig.get_paths()["stdlib"])';

    return execFileSync('python3', ['-c', script], { encoding: 'utf8', timeout: 5_000 }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Up to `perLanguage` files per language, the same ones on every run: files
 * are walked in sorted order and taken evenly across what was found.
 */
export function findCodeSamples(roots = sampleRoots(), perLanguage = 8): CodeSample[] {
  const found = new Map<CodeLanguage, string[]>();
  for (const root of roots) {
    walk(root, (path, language) => {
      const list = found.get(language) ?? [];
      list.push(path);
      found.set(language, list);
    });
  }
  const samples: CodeSample[] = [];
  const languages = [...found.keys()].sort();
  for (const language of languages) {
    const paths = found.get(language) ?? [];
    const step = Math.max(1, Math.floor(paths.length / perLanguage));
    for (let index = 0; index < paths.length && index / step < perLanguage; index += step) {
      samples.push({ language, path: paths[index] });
    }
  }

  return samples;
}

function walk(directory: string, visit: (path: string, language: CodeLanguage) => void, depth = 0) {
  if (depth > 12) {
    return;
  }
  let entries: Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!IGNORED_DIRECTORIES.has(entry.name)) {
        walk(path, visit, depth + 1);
      }
      continue;
    }
    const language = EXTENSIONS[extname(entry.name)];
    if (!entry.isFile() || !language || SKIPPED.test(path)) {
      continue;
    }
    const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    if (size >= MIN_BYTES && size <= MAX_BYTES) {
      visit(path, language);
    }
  }
}
