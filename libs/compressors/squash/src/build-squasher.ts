import {
  type CompressInput,
  type CompressOutcome,
  type ContentKind,
  ccrKey,
  formatMarker,
  skipped,
} from '@headroom/contracts';
import { type BuildLineKind, buildLineKind, indentOf } from './build-line-kinds';
import { joinLines, splitLines } from './line-split';
import { isStackLine } from './log-level';
import { DEFAULT_MIN_CHARS } from './squash-guard';
import { Squasher } from './squasher';
import { squashOutcome } from './squash-outcome';

export type BuildSquasherOptions = {
  minChars: number;
  minLines: number;
  headLines: number;
  tailLines: number;
  /** Lines kept after a failure line while they stay part of its block. */
  maxBlockLines: number;
  /** Warning lines kept verbatim; later ones are counted. */
  maxWarnings: number;
};

export const DEFAULT_BUILD_OPTIONS: BuildSquasherOptions = {
  minChars: DEFAULT_MIN_CHARS,
  minLines: 20,
  headLines: 3,
  tailLines: 12,
  maxBlockLines: 40,
  maxWarnings: 10,
};

/**
 * Test-runner and build output: every failure with the block that explains
 * it (assertion, diff, stack), summaries, the first warnings, the head and
 * the tail verbatim; passing tests and progress lines are counted.
 */
export class BuildSquasher extends Squasher<BuildSquasherOptions> {
  readonly name = 'squash-build';
  readonly kinds: readonly ContentKind[] = ['build'];

  constructor(options: Partial<BuildSquasherOptions> = {}) {
    super(DEFAULT_BUILD_OPTIONS, options);
  }

  protected squash(input: CompressInput): CompressOutcome {
    const lines = splitLines(input.text);
    const kinds = lines.map(buildLineKind);
    const keep = this.select(lines, kinds);
    if (keep.size >= lines.length) {
      return skipped('not-compressible', 'every line is a failure, warning or summary');
    }
    const kept = [...keep].sort((left, right) => left - right);
    const dropped = lines.length - kept.length;
    const passes = kinds.filter((kind, index) => kind === 'pass' && !keep.has(index)).length;
    const marker = formatMarker(
      ccrKey(input.text),
      `${dropped} of ${lines.length} lines omitted, ${passes} of them passing-test lines; all failure lines are shown`,
    );
    const text = joinLines([...kept.map((index) => lines[index]), marker], input.text);

    return squashOutcome(
      input.text,
      { text, transforms: ['build:failures'], itemCount: lines.length, keptCount: kept.length },
      'build',
      this.name,
    );
  }

  private select(lines: readonly string[], kinds: readonly BuildLineKind[]): Set<number> {
    const keep = new Set<number>();
    let warnings = 0;
    kinds.forEach((kind, index) => {
      if (kind === 'failure' || kind === 'summary') {
        keep.add(index);
        this.keepBlock(lines, index, keep);
      } else if (kind === 'warning' && warnings < this.options.maxWarnings) {
        warnings += 1;
        keep.add(index);
        this.keepBlock(lines, index, keep);
      }
    });
    for (let index = 0; index < Math.min(this.options.headLines, lines.length); index += 1) {
      keep.add(index);
    }
    for (
      let index = Math.max(0, lines.length - this.options.tailLines);
      index < lines.length;
      index += 1
    ) {
      keep.add(index);
    }

    return keep;
  }

  // The lines under a failure explain it: deeper indentation, stack frames,
  // or the box-drawing gutter compilers print; a blank line ends the block
  // unless the next line is still indented deeper.
  private keepBlock(lines: readonly string[], start: number, keep: Set<number>): void {
    const base = indentOf(lines[start]);
    for (
      let index = start + 1, taken = 0;
      index < lines.length && taken < this.options.maxBlockLines;
      index += 1, taken += 1
    ) {
      const line = lines[index];
      if (line.trim() === '') {
        const next = lines[index + 1];
        if (next === undefined || next.trim() === '' || indentOf(next) <= base) {
          break;
        }
      } else if (indentOf(line) <= base && !isStackLine(line) && !/^\s*[│|└├]/.test(line)) {
        break;
      }
      keep.add(index);
    }
  }
}
