import {
  ANSI_SEQUENCE,
  GIT_LS_TREE_LINE,
  GREP_CONTEXT_LINE,
  GREP_FILE_LINE,
  GREP_MATCH_LINE,
  GREP_SEPARATOR,
  LEVEL_WORD,
  LS_LONG_LINE,
  LS_TOTAL_LINE,
  NUMBERED_LINE,
  GIT_FILE_LINE,
  TEST_SUMMARY_LINE,
  PATH_LINE,
  TREE_LINE,
  hasLogPrefix,
  isBuildLine,
} from './line-patterns';

/** Counts of line shapes over a sample of a block, gathered in one pass. */
export type LineStats = {
  lines: number;
  grepMatch: number;
  grepContext: number;
  grepFile: number;
  numbered: number;
  separators: number;
  listing: number;
  paths: number;
  logPrefix: number;
  levelWords: number;
  build: number;
  testSummary: number;
  headings: number;
  bullets: number;
  sentences: number;
  codePunctuation: number;
  diffHeaders: number;
  hunkHeaders: number;
  changeLines: number;
};

const SAMPLE_LINES = 400;
const TAIL_CHARS = 6000;

/**
 * The first lines of a block plus its last few thousand characters: test
 * runners and builds print their verdict at the end.
 */
export function sampleLines(text: string): string[] {
  const head = headLines(text);
  const headEnd = head.reduce((sum, line) => sum + line.length + 1, 0);
  if (headEnd + TAIL_CHARS >= text.length) {
    return head;
  }
  const tailStart = text.indexOf('\n', text.length - TAIL_CHARS);

  return tailStart === -1 ? head : [...head, ...headLines(text.slice(tailStart + 1))];
}

function headLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < SAMPLE_LINES && start <= text.length) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    const line = text.slice(start, stop > start && text[stop - 1] === '\r' ? stop - 1 : stop);
    lines.push(line.includes('[') ? line.replace(ANSI_SEQUENCE, '') : line);
    if (end === -1) {
      break;
    }
    start = end + 1;
  }

  return lines;
}

export function collectLineStats(lines: readonly string[]): LineStats {
  const stats = emptyStats();
  for (const line of lines) {
    if (line.trim() === '') {
      continue;
    }
    stats.lines += 1;
    const logLike = hasLogPrefix(line);
    if (!logLike) {
      countSearch(line, stats);
    }
    countListing(line, stats);
    countLog(line, logLike, stats);
    countText(line, stats);
    countDiff(line, stats);
  }

  return stats;
}

function emptyStats(): LineStats {
  return {
    lines: 0,
    grepMatch: 0,
    grepContext: 0,
    grepFile: 0,
    numbered: 0,
    separators: 0,
    listing: 0,
    paths: 0,
    logPrefix: 0,
    levelWords: 0,
    build: 0,
    testSummary: 0,
    headings: 0,
    bullets: 0,
    sentences: 0,
    codePunctuation: 0,
    diffHeaders: 0,
    hunkHeaders: 0,
    changeLines: 0,
  };
}

function countSearch(line: string, stats: LineStats): void {
  if (GREP_SEPARATOR.test(line)) {
    stats.separators += 1;
  } else if (GREP_MATCH_LINE.test(line)) {
    stats.grepMatch += 1;
  } else if (GREP_CONTEXT_LINE.test(line)) {
    stats.grepContext += 1;
  } else if (NUMBERED_LINE.test(line)) {
    stats.numbered += 1;
  } else if (GREP_FILE_LINE.test(line)) {
    stats.grepFile += 1;
  }
}

function countListing(line: string, stats: LineStats): void {
  if (
    LS_LONG_LINE.test(line) ||
    LS_TOTAL_LINE.test(line) ||
    TREE_LINE.test(line) ||
    GIT_LS_TREE_LINE.test(line) ||
    GIT_FILE_LINE.test(line)
  ) {
    stats.listing += 1;
  } else if (line.length < 300 && PATH_LINE.test(line) && /[/\\.]/.test(line)) {
    stats.paths += 1;
  }
}

function countLog(line: string, logLike: boolean, stats: LineStats): void {
  if (logLike) {
    stats.logPrefix += 1;
  }
  if (LEVEL_WORD.test(line.slice(0, 160))) {
    stats.levelWords += 1;
  }
  if (isBuildLine(line)) {
    stats.build += 1;
  }
  if (TEST_SUMMARY_LINE.test(line)) {
    stats.testSummary += 1;
  }
}

function countText(line: string, stats: LineStats): void {
  if (/^#{1,6} \S/.test(line)) {
    stats.headings += 1;
  } else if (/^\s*(?:[-*+]|\d+\.) \S/.test(line)) {
    stats.bullets += 1;
  }
  // The ending is the cheap test and fails on most log and code lines: it goes first.
  if (/[.!?:]["')\]]?\s*$/.test(line) && /[A-Za-z]{2,}[,;]? [a-z]{2,} [a-z]{2,}/.test(line)) {
    stats.sentences += 1;
  }
  if (/[;{}]\s*$|^\s*[})\]]|\)\s*\{|=>|::|->|^\s*(?:\/\/|#!|\/\*|\*\/)/.test(line)) {
    stats.codePunctuation += 1;
  }
}

function countDiff(line: string, stats: LineStats): void {
  if (
    /^(?:diff --git |diff --(?:cc|combined) |--- (?:a\/|\/dev\/null)|\+\+\+ (?:b\/|\/dev\/null)|index [0-9a-f]+\.\.[0-9a-f]+)/.test(
      line,
    )
  ) {
    stats.diffHeaders += 1;
  } else if (/^@@@? -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/.test(line)) {
    stats.hunkHeaders += 1;
  } else if (/^[+-](?![+-]{2} )/.test(line)) {
    stats.changeLines += 1;
  }
}
