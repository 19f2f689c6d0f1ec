export type BuildLineKind = 'failure' | 'warning' | 'summary' | 'pass' | 'progress' | 'other';

const FAILURE =
  /\b(?:FAIL|FAILED|FAILURE|ERROR|Error|error(?:\[E\d+\])?|failed|failures?|panicked|Traceback|Exception|AssertionError|assert(?:ion)?\s+failed)(?:\b|:|$)|^\s*(?:✗|✘|×)\s|^\s*●\s|^\s*\d+\) |^\s*E\s{2,}|^npm ERR!|^\*\* \(\w[\w.]*\)/;
const WARNING = /\b(?:warning|WARNING|WARN|deprecated|DEPRECATED)\b/;
const SUMMARY =
  /\b\d+ (?:tests?|examples?|specs?|doctests?|properties),\s*\d+ failures?\b|^\s*(?:Tests?|Test Suites|Test Files|Suites|Snapshots|Time|Duration)\b:?\s+\S|^={3,}.*={3,}$|^Finished in \d|^(?:Randomized with seed|Ran \d+ tests?)|\b\d+ (?:passed|failed|skipped|errors?)\b|^Exit code \d+$|^(?:BUILD|Build) (?:SUCCESSFUL|FAILED|succeeded|failed)/;
const PASS = /^\s*(?:✓|✔|√)\s|^\s*(?:PASS|PASSED|ok)\b|^\s*\.+$|\bPASSED\b|^\s*test \S+ \.\.\. ok$/;
const PROGRESS =
  /^(?:==> |\* |Compiling|Compiled|Generated|Downloading|Downloaded|Resolving|Fetching|Installing|Building|Running|Checking|Linking|Updating)\b|^\s{2}[\w-]+ \d+\.\d+/;

/** What one line of test-runner or build output is, for keep-or-count decisions. */
export function buildLineKind(line: string): BuildLineKind {
  if (SUMMARY.test(line)) {
    return 'summary';
  }
  if (FAILURE.test(line)) {
    return 'failure';
  }
  if (WARNING.test(line)) {
    return 'warning';
  }
  if (PASS.test(line)) {
    return 'pass';
  }

  return PROGRESS.test(line) ? 'progress' : 'other';
}

export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
