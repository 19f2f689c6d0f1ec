import {
  type CompressInput,
  type CompressOutcome,
  type ContentKind,
  ccrKey,
  formatMarker,
  skipped,
} from '@headroom/contracts';
import { joinLines, splitLines } from './line-split';
import { coarseTemplate } from './line-template';
import { ERROR_WORDS, bm25Scores, queryWords } from './relevance';
import { type SearchLine, parseSearchLines } from './search-line-parser';
import { DEFAULT_MIN_CHARS } from './squash-guard';
import { Squasher } from './squasher';
import { squashOutcome } from './squash-outcome';
import { selectBlocks } from './search-blocks';

export type SearchSquasherOptions = {
  minChars: number;
  minLines: number;
  maxMatchesPerFile: number;
  maxFiles: number;
  /** Context lines kept on each side of a kept match. */
  contextLines: number;
  /** For grep -A/-B/-C output without file names: how many `--` groups survive. */
  maxBlocks: number;
};

export const DEFAULT_SEARCH_OPTIONS: SearchSquasherOptions = {
  minChars: DEFAULT_MIN_CHARS,
  minLines: 12,
  maxMatchesPerFile: 5,
  maxFiles: 15,
  contextLines: 1,
  maxBlocks: 6,
};

type FileGroup = {
  file: string;
  first: number;
  matches: SearchLine[];
  lines: number[];
  score: number;
};

/**
 * grep and ripgrep output: grouped by file, files ranked by relevance to the
 * question, a few matches per file (first, last, best). Lines are only ever
 * kept or dropped whole, so every output line except markers is an input
 * line, and every marker counts dropped lines per file.
 */
export class SearchSquasher extends Squasher<SearchSquasherOptions> {
  readonly name = 'squash-search';
  readonly kinds: readonly ContentKind[] = ['search'];

  constructor(options: Partial<SearchSquasherOptions> = {}) {
    super(DEFAULT_SEARCH_OPTIONS, options);
  }

  protected squash(input: CompressInput): CompressOutcome {
    const lines = splitLines(input.text);
    const parsed = parseSearchLines(lines);
    const terms = queryWords(input.query);
    const hasMatches = parsed.some((line) => line.role === 'match');
    const output = hasMatches
      ? this.squashMatches(input.text, lines, parsed, terms)
      : selectBlocks(input.text, lines, parsed, terms, this.options.maxBlocks);
    if (!output) {
      return skipped('not-compressible', 'nothing worth dropping');
    }

    return squashOutcome(input.text, output, 'search', this.name);
  }

  private squashMatches(
    text: string,
    lines: readonly string[],
    parsed: readonly SearchLine[],
    terms: readonly string[],
  ) {
    const rare = rareMatches(lines, parsed);
    const scores = bm25Scores(lines, terms).map(
      (score, index) =>
        score + (ERROR_WORDS.test(lines[index]) ? 0.5 : 0) + (rare.has(index) ? 1 : 0),
    );
    const groups = groupByFile(parsed, scores);
    const ranked = [...groups].sort(
      (left, right) => right.score - left.score || left.first - right.first,
    );
    const keptFiles = new Set(ranked.slice(0, this.options.maxFiles).map((group) => group.file));
    const keep = new Set<number>(
      parsed.filter((line) => line.role === 'other').map((line) => line.index),
    );
    for (const group of groups) {
      if (keptFiles.has(group.file)) {
        this.keepFromFile(group, scores, parsed, keep);
      }
    }
    if (keep.size + parsed.filter((line) => line.role === 'separator').length >= lines.length) {
      return undefined;
    }

    return render(text, lines, parsed, groups, keep);
  }

  private keepFromFile(
    group: FileGroup,
    scores: readonly number[],
    parsed: readonly SearchLine[],
    keep: Set<number>,
  ): void {
    const matches = group.matches;
    const chosen = new Set<number>([matches[0].index, matches[matches.length - 1].index]);
    const best = [...matches].sort(
      (left, right) => scores[right.index] - scores[left.index] || left.index - right.index,
    );
    for (const match of best) {
      if (chosen.size >= this.options.maxMatchesPerFile) {
        break;
      }
      chosen.add(match.index);
    }
    for (const index of chosen) {
      keep.add(index);
      for (let offset = 1; offset <= this.options.contextLines; offset += 1) {
        keepContext(parsed, index - offset, group.file, keep);
        keepContext(parsed, index + offset, group.file, keep);
      }
    }
  }
}

// A match whose text looks like no other match is news: the odd one out in 60 look-alikes.
function rareMatches(lines: readonly string[], parsed: readonly SearchLine[]): Set<number> {
  const matches = parsed.filter((line) => line.role === 'match');
  const counts = new Map<string, number>();
  const shapes = matches.map((line) => {
    const shape = coarseTemplate(lines[line.index].slice(line.file.length));
    counts.set(shape, (counts.get(shape) ?? 0) + 1);
    return shape;
  });
  if (matches.length < 5) {
    return new Set();
  }

  return new Set(
    matches.filter((_, position) => counts.get(shapes[position]) === 1).map((line) => line.index),
  );
}

function keepContext(
  parsed: readonly SearchLine[],
  index: number,
  file: string,
  keep: Set<number>,
): void {
  const line = parsed[index];
  if (line && line.role === 'context' && line.file === file) {
    keep.add(index);
  }
}

function groupByFile(parsed: readonly SearchLine[], scores: readonly number[]): FileGroup[] {
  const groups = new Map<string, FileGroup>();
  for (const line of parsed) {
    if (line.role !== 'match' && line.role !== 'context') {
      continue;
    }
    let group = groups.get(line.file);
    if (!group) {
      group = { file: line.file, first: line.index, matches: [], lines: [], score: 0 };
      groups.set(line.file, group);
    }
    group.lines.push(line.index);
    if (line.role === 'match') {
      group.matches.push(line);
      group.score += scores[line.index];
    }
  }

  return [...groups.values()].filter((group) => group.matches.length > 0);
}

function render(
  text: string,
  lines: readonly string[],
  parsed: readonly SearchLine[],
  groups: readonly FileGroup[],
  keep: ReadonlySet<number>,
): { text: string; transforms: string[]; itemCount: number; keptCount: number } {
  const key = ccrKey(text);
  const hadSeparators = parsed.some((line) => line.role === 'separator');
  const lastOfFile = new Map<number, FileGroup>();
  let droppedFiles = 0;
  let droppedFileLines = 0;
  for (const group of groups) {
    const kept = group.lines.filter((index) => keep.has(index));
    if (kept.length === 0) {
      droppedFiles += 1;
      droppedFileLines += group.lines.length;
    } else if (kept.length < group.lines.length) {
      lastOfFile.set(kept[kept.length - 1], group);
    }
  }
  const output: string[] = [];
  let previous = -1;
  for (const index of [...keep].sort((left, right) => left - right)) {
    if (
      hadSeparators &&
      previous !== -1 &&
      index > previous + 1 &&
      output[output.length - 1] !== '--'
    ) {
      output.push('--');
    }
    output.push(lines[index]);
    const group = lastOfFile.get(index);
    if (group) {
      const dropped = group.lines.filter((line) => !keep.has(line)).length;
      output.push(
        formatMarker(
          key,
          `${dropped} of ${group.lines.length} lines of ${shortPath(group.file)} omitted`,
        ),
      );
    }
    previous = index;
  }
  if (droppedFiles > 0) {
    output.push(
      formatMarker(key, `${droppedFiles} more files with ${droppedFileLines} lines omitted`),
    );
  }
  const matchCount = parsed.filter(
    (line) => line.role === 'match' || line.role === 'context',
  ).length;

  return {
    text: joinLines(output, text),
    transforms: ['search:per-file'],
    itemCount: matchCount,
    keptCount: matchCount - countDropped(parsed, keep),
  };
}

function countDropped(parsed: readonly SearchLine[], keep: ReadonlySet<number>): number {
  return parsed.filter(
    (line) => (line.role === 'match' || line.role === 'context') && !keep.has(line.index),
  ).length;
}

// Marker notes are capped; a long path keeps its informative end.
function shortPath(file: string): string {
  if (file === '') {
    return 'the output';
  }

  return file.length > 80 ? `…${file.slice(-79)}` : file;
}
