export type SearchLine = {
  index: number;
  /** File the line belongs to; '' when the output names no files (grep over one file). */
  file: string;
  role: 'match' | 'context' | 'separator' | 'other';
};

const MATCH_WITH_NUMBER = /^((?:[A-Za-z]:)?[^:\n]*?[^\s:\d][^:\n]*?):(\d+):/;
const CONTEXT_WITH_NUMBER = /^((?:[A-Za-z]:)?[^\n]*?[./\w])-(\d+)-/;
const MATCH_WITH_FILE =
  /^((?:[A-Za-z]:)?[\w.@~-]*(?:\/[\w.@ -]+)*\.[A-Za-z][A-Za-z0-9]{0,7}):(?!\/\/)/;
const BARE_MATCH = /^\d+:/;
const BARE_CONTEXT = /^\d+-/;
const HEADING = /^(?:[A-Za-z]:)?[\w.@~/\\-]*[./][\w.@~/\\-]*$/;

/**
 * Classifies grep and ripgrep output lines: `file:12:` matches, `file-12-`
 * context lines, `file:` matches without numbers, bare `12:`/`12-` lines of a
 * single-file search and `--` group separators. A context line is only read
 * as `file-N-` when that file also has a match, which keeps dashes inside
 * file names from being misread.
 */
export function parseSearchLines(lines: readonly string[]): SearchLine[] {
  const matchFiles = new Set<string>();
  // ripgrep --heading prints the file once, then bare `12:` lines under it.
  let heading = '';
  const parsed = lines.map((line, index): SearchLine & { candidate?: string } => {
    if (line === '--') {
      return { index, file: heading, role: 'separator' };
    }
    if (BARE_MATCH.test(line)) {
      return { index, file: heading, role: 'match' };
    }
    const match = MATCH_WITH_NUMBER.exec(line) ?? MATCH_WITH_FILE.exec(line);
    if (match) {
      matchFiles.add(match[1]);
      return { index, file: match[1], role: 'match' };
    }
    const context = CONTEXT_WITH_NUMBER.exec(line);
    if (context && !BARE_CONTEXT.test(line)) {
      return { index, file: '', role: 'context', candidate: context[1] };
    }
    if (BARE_CONTEXT.test(line)) {
      return { index, file: heading, role: 'context' };
    }
    heading = HEADING.test(line) ? line : line.trim() === '' ? '' : heading;

    return { index, file: '', role: 'other' };
  });

  return parsed.map(({ candidate, ...line }) =>
    candidate !== undefined
      ? {
          ...line,
          file: matchFiles.has(candidate) ? candidate : resolveContext(candidate, matchFiles),
        }
      : line,
  );
}

// `my-file.ts-12-` may split as `my` + `file.ts-12-`; pick the known file it starts with.
function resolveContext(candidate: string, files: ReadonlySet<string>): string {
  for (const file of files) {
    if (candidate.startsWith(file)) {
      return file;
    }
  }

  return candidate;
}
