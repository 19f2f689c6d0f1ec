import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeLanguage } from '@headroom/contracts';
import { scoreNeedles } from '../fidelity/needle-score';
import type { QualityCase, QualityFamily } from '../quality.types';

// Installed sources, read at run time: nothing is copied into the repository.
const SOURCES: readonly {
  directory: string;
  extension: string;
  language: CodeLanguage;
  limit: number;
}[] = [
  {
    directory: 'node_modules/yaml/dist/compose',
    extension: '.js',
    language: 'javascript',
    limit: 4,
  },
  { directory: 'node_modules/zod/src/v4/core', extension: '.ts', language: 'typescript', limit: 4 },
  { directory: `${pythonLibrary()}/json`, extension: '.py', language: 'python', limit: 4 },
];

const SIGNATURE =
  /^\s*(?:export\s+(?:default\s+)?(?:async\s+)?(?:function|class|interface|type|const)\s|(?:async\s+)?def\s|class\s|func\s|pub\s+fn\s|fn\s)/;

/** Source files from installed packages; fidelity is the share of declaration lines kept verbatim. */
export const codeFamily: QualityFamily = {
  name: 'code',
  cases: () =>
    SOURCES.flatMap((source) =>
      sourceCases(source.directory, source.extension, source.language, source.limit),
    ),
  fidelity: (input, output) => {
    const kept = new Set(output.split('\n').map((line) => line.trim()));

    return scoreNeedles(
      input.text
        .split('\n')
        .filter((line) => SIGNATURE.test(line))
        .map((line) => line.trim()),
      (line) => kept.has(line),
    );
  },
};

// Python's standard library, wherever this machine's python3 keeps it.
function pythonLibrary(): string {
  const candidates = existsSync('/usr/lib')
    ? readdirSync('/usr/lib')
        .filter((name) => /^python3\.\d+$/.test(name))
        .sort()
    : [];

  return candidates.length > 0
    ? `/usr/lib/${candidates[candidates.length - 1]}`
    : '/usr/lib/python3';
}

function sourceCases(
  directory: string,
  extension: string,
  language: CodeLanguage,
  limit: number,
): QualityCase[] {
  const root = directory.startsWith('/') ? directory : join(process.cwd(), directory);
  if (!existsSync(root)) {
    return [];
  }

  return readdirSync(root)
    .filter((name) => name.endsWith(extension) && !name.endsWith('.d.ts'))
    .sort()
    .slice(0, limit)
    .map((name) => ({
      name: `${directory}/${name} (${language})`,
      text: readFileSync(join(root, name), 'utf8'),
      query: '',
      kind: 'code',
      language,
    }));
}
