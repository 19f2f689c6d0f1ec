export type DiffLineRole = 'file-header' | 'hunk-header' | 'added' | 'removed' | 'context' | 'meta';

export type DiffFile = {
  /** Path from `+++ b/…` or `diff --git`, '' when the diff names none. */
  path: string;
  start: number;
  end: number;
  hunks: number;
  added: number;
  removed: number;
};

const FILE_START = /^diff --(?:git|cc|combined) /;
const HEADER =
  /^(?:diff --|index |--- |\+\+\+ |new file mode|deleted file mode|old mode|new mode|similarity index|dissimilarity index|rename from|rename to|copy from|copy to|Binary files )/;

/** Roles of every line of a unified diff, plus the span and counts of each file. */
export function parseDiff(lines: readonly string[]): { roles: DiffLineRole[]; files: DiffFile[] } {
  const roles: DiffLineRole[] = [];
  const files: DiffFile[] = [];
  let current: DiffFile | undefined;
  let inHunk = false;
  lines.forEach((line, index) => {
    if (startsFile(lines, index, current)) {
      current = {
        path: pathOf(line),
        start: index,
        end: index + 1,
        hunks: 0,
        added: 0,
        removed: 0,
      };
      files.push(current);
      inHunk = false;
    }
    const role = roleOf(line, inHunk);
    if (role === 'hunk-header') {
      inHunk = true;
      if (current) {
        current.hunks += 1;
      }
    } else if (role === 'file-header') {
      inHunk = false;
    }
    if (current) {
      current.end = index + 1;
      current.added += role === 'added' ? 1 : 0;
      current.removed += role === 'removed' ? 1 : 0;
      if (line.startsWith('+++ ') && line.length > 4) {
        current.path = line.slice(4).replace(/^b\//, '').replace(/\t.*$/, '');
      }
    }
    roles.push(role);
  });

  return { roles, files };
}

// A `---`/`+++` pair opens a file unless it is the header of a `diff --git` just opened.
function startsFile(
  lines: readonly string[],
  index: number,
  current: DiffFile | undefined,
): boolean {
  const line = lines[index];
  if (FILE_START.test(line)) {
    return true;
  }
  if (!line.startsWith('--- ') || !lines[index + 1]?.startsWith('+++ ')) {
    return false;
  }

  return !(current && current.hunks === 0 && FILE_START.test(lines[current.start]));
}

function roleOf(line: string, inHunk: boolean): DiffLineRole {
  if (/^@@@? -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/.test(line)) {
    return 'hunk-header';
  }
  if (inHunk) {
    if (line.startsWith('+')) {
      return 'added';
    }
    if (line.startsWith('-')) {
      return 'removed';
    }
    if (line.startsWith(' ') || line === '') {
      return 'context';
    }
    if (line.startsWith('\\')) {
      return 'meta';
    }
  }

  return HEADER.test(line) ? 'file-header' : 'meta';
}

function pathOf(line: string): string {
  const git = /^diff --git a\/(.*?) b\//.exec(line);
  if (git) {
    return git[1];
  }

  return line
    .replace(/^(?:diff --\w+ |--- )/, '')
    .replace(/^a\//, '')
    .trim();
}
