// Line shapes shared by the detectors. Each pattern is anchored and cheap:
// detection runs on every block of every request, so nothing here backtracks
// over a whole line.

// A path is a run of non-space, non-colon characters. Where a pattern needs
// one character of a kind inside it, the run before that character excludes
// the kind, so the split point is fixed and a long line without a match costs
// one pass (two open-ended runs back to back made the test quadratic: 40 KB of
// base64 on one line took seconds and held the event loop).

/** `path:12:content` (grep -n, ripgrep) and `path:content` when the path has an extension. */
export const GREP_MATCH_LINE = /^(?:[A-Za-z]:)?\d*[^\s:\d][^\s:]*:\d+:/;

/** `path-12-content`: a context line printed by grep -A/-B/-C next to a match. */
export const GREP_CONTEXT_LINE = /^(?:[A-Za-z]:)?[^\s:./]*[./][^\s:]*-\d+-/;

/** `12:content` or `12-content`: grep -n over a single file. */
export const NUMBERED_LINE = /^\d+[:-]/;

/** `path/file.ext:content`: grep -r without line numbers. */
export const GREP_FILE_LINE =
  /^(?:[A-Za-z]:)?[\w.@~-]*(?:\/[\w.@-]+)*\.[A-Za-z][A-Za-z0-9]{0,7}:(?!\/\/)/;

/** The group separator grep prints between non-adjacent context blocks. */
export const GREP_SEPARATOR = /^--$/;

export const LS_LONG_LINE = /^[-dlcbps][rwxsStT-]{9}[.+@]?\s+\d+\s/;
export const LS_TOTAL_LINE = /^total \d+$/;
export const TREE_LINE = /^[\s│|]*(?:├──|└──|\|--|`--) /;
export const GIT_LS_TREE_LINE = /^\d{6} (?:blob|tree|commit) [0-9a-f]{40}(?:\s+(?:\d+|-))?\t/;
/** A bare path, as find, glob tools and `git ls-files` print them. */
export const PATH_LINE = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)?[\w.@+-]+(?:[/\\][\w.@+ -]*[\w.@+-])*\/?$/;

const LOG_PREFIXES: readonly RegExp[] = [
  /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/, // ISO timestamp
  /^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} /, // syslog
  /^\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}\]/, // apache
  /^\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+ /, // logcat
  /^\d{6} \d{6} /, // hdfs
  /^- \d{10} \d{4}\.\d{2}\.\d{2} /, // bgl, thunderbird
  /^\d+ node-\d+ /, // hpc
  /^\[\d{2}\.\d{2} \d{2}:\d{2}:\d{2}\] /, // proxifier
  /^\d{2}:\d{2}:\d{2}(?:[.,]\d+)? /, // time-only loggers
  /^\S+\.log(?:\.\S+)? \d{4}-\d{2}-\d{2} /, // file-prefixed (openstack)
  /^\[?\d{4}[-/]\d{2}[-/]\d{2}/,
  /^\S+(?: \S+){0,5} 1\d{9} /, // epoch seconds in an early column (hpc)
];

export function hasLogPrefix(line: string): boolean {
  return LOG_PREFIXES.some((pattern) => pattern.test(line));
}

export const LEVEL_WORD =
  /\b(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|SEVERE|FATAL|CRITICAL|notice|info|warn|warning|error|debug|fatal|crit|alert|emerg)\b/;

const BUILD_PATTERNS: readonly RegExp[] = [
  /^\s*(?:PASS|FAIL|ok|FAILED|PASSED|ERROR|SKIPPED)\s+\S/,
  /\b\d+ (?:tests?|examples?|specs?), \d+ failures?\b/,
  /^\s*(?:Tests?|Test Suites|Test Files|Suites):?\s+\d+/,
  /^\s{2}[\w-]+ \d+\.\d+\.\d+(?:\s|$)/,
  /^(?:New|Unchanged|Changed|Upgraded|Downgraded):$/,
  /^\* (?:Getting|Updating|Fetching|Compiling)\b/,
  /^Resolution completed\b/,
  /\b\d+ (?:passed|failed|skipped)\b/,
  /^\s*(?:✓|✗|×|√|✔|✘)\s/,
  /^(?:Compiling|Compiled|Generated|Finished|Running|Building|Linking|Installing|Resolving)\b/,
  /^==> \S/,
  /^error(?:\[E\d+\])?: /,
  /^(?:npm|yarn|pnpm) (?:ERR!|WARN|error)/,
  /^Traceback \(most recent call last\):/,
  /^\s+at \S.*[(:]\d+(?::\d+)?\)?$/,
  /^\s*File "[^"]+", line \d+/,
  /^Finished in \d/,
  /^\s*\d+\) test /,
  /^(?:make|cargo|gradle|mvn|tsc|go)(?:\[\d+\])?[: ]/,
  /^={3,}.*(?:passed|failed|error|FAILURES|ERRORS|test session starts).*={3,}$/,
  /^\s*warning: /,
  /^Exit code \d+$/,
];

/** Lines that only a test runner prints: totals of passed and failed tests. */
export const TEST_SUMMARY_LINE =
  /\b\d+ (?:tests?|examples?|specs?), \d+ failures?\b|^\s*(?:Tests?|Test Suites|Test Files)\b:?\s+\d+|^={3,}.*\b(?:passed|failed)\b|^Finished in \d/;

/** `git diff --stat` rows and `git status` entries: file names, listing-like. */
export const GIT_FILE_LINE =
  /^ \S.* \| +(?:\d+ [+-]*|Bin .*)$|^\t(?:modified|new file|deleted|renamed|both modified):\s+\S/;

export function isBuildLine(line: string): boolean {
  return BUILD_PATTERNS.some((pattern) => pattern.test(line));
}

/** Colour codes from terminals, with or without the escape byte that transcripts often lose. */
// eslint-disable-next-line no-control-regex -- the escape byte is exactly what is being matched
export const ANSI_SEQUENCE = /(?:\x1b)?\[[0-9;]{1,8}m/g;
