import {
  type CompressInput,
  type CompressOutcome,
  type ContentKind,
  ccrKey,
  formatMarker,
  skipped,
} from '@headroom/contracts';
import { type DiffFile, type DiffLineRole, parseDiff } from './diff-parser';
import { joinLines, splitLines } from './line-split';
import { DEFAULT_MIN_CHARS } from './squash-guard';
import { Squasher } from './squasher';
import { squashOutcome } from './squash-outcome';

export type DiffSquasherOptions = {
  minChars: number;
  minLines: number;
  /** Unchanged lines kept on each side of a change. */
  contextLines: number;
};

export const DEFAULT_DIFF_OPTIONS: DiffSquasherOptions = {
  minChars: DEFAULT_MIN_CHARS,
  minLines: 30,
  contextLines: 1,
};

// Files whose diffs nobody reads line by line.
const NOISE_FILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|Gemfile\.lock|poetry\.lock|Pipfile\.lock|composer\.lock|go\.sum|mix\.lock|bun\.lockb)$|\.min\.(?:js|css)$|\.map$|(?:^|\/)(?:dist|build|vendor|__generated__|generated)\//;

/**
 * Unified diffs: file headers, hunk headers and every added or removed line
 * stay; unchanged context beyond one line around a change goes; lockfiles
 * and generated files are summarised by their exact hunk and line counts.
 */
export class DiffSquasher extends Squasher<DiffSquasherOptions> {
  readonly name = 'squash-diff';
  readonly kinds: readonly ContentKind[] = ['diff'];

  constructor(options: Partial<DiffSquasherOptions> = {}) {
    super(DEFAULT_DIFF_OPTIONS, options);
  }

  protected squash(input: CompressInput): CompressOutcome {
    const lines = splitLines(input.text);
    const { roles, files } = parseDiff(lines);
    const key = ccrKey(input.text);
    const output: string[] = [];
    let droppedContext = 0;
    let summarised = 0;
    for (const segment of segmentsOf(lines.length, files)) {
      if (segment.file && NOISE_FILE.test(segment.file.path)) {
        output.push(...noiseSummary(lines, roles, segment.file, key));
        summarised += 1;
        continue;
      }
      const kept = this.trimContext(roles, segment.start, segment.end);
      droppedContext += segment.end - segment.start - kept.length;
      output.push(...kept.map((index) => lines[index]));
    }
    if (droppedContext === 0 && summarised === 0) {
      return skipped('not-compressible', 'no context or noise to drop');
    }
    if (droppedContext > 0) {
      output.push(
        formatMarker(
          key,
          `${droppedContext} unchanged context lines omitted; every changed line is shown`,
        ),
      );
    }
    const transforms = [
      ...(droppedContext > 0 ? ['diff:context'] : []),
      ...(summarised > 0 ? ['diff:noise'] : []),
    ];

    return squashOutcome(
      input.text,
      {
        text: joinLines(output, input.text),
        transforms,
        itemCount: lines.length,
        keptCount: output.length,
      },
      'diff',
      this.name,
    );
  }

  private trimContext(roles: readonly DiffLineRole[], start: number, end: number): number[] {
    const kept: number[] = [];
    for (let index = start; index < end; index += 1) {
      if (roles[index] !== 'context' || this.nearChange(roles, index, start, end)) {
        kept.push(index);
      }
    }

    return kept;
  }

  private nearChange(
    roles: readonly DiffLineRole[],
    index: number,
    start: number,
    end: number,
  ): boolean {
    for (let offset = 1; offset <= this.options.contextLines; offset += 1) {
      if (
        isChange(roles[index - offset], index - offset >= start) ||
        isChange(roles[index + offset], index + offset < end)
      ) {
        return true;
      }
    }

    return false;
  }
}

function isChange(role: DiffLineRole | undefined, inside: boolean): boolean {
  return inside && (role === 'added' || role === 'removed');
}

type DiffSegment = { start: number; end: number; file?: DiffFile };

function segmentsOf(length: number, files: readonly DiffFile[]): DiffSegment[] {
  const segments: DiffSegment[] = [];
  let position = 0;
  for (const file of files) {
    if (file.start > position) {
      segments.push({ start: position, end: file.start });
    }
    segments.push({ start: file.start, end: file.end, file });
    position = file.end;
  }
  if (position < length) {
    segments.push({ start: position, end: length });
  }

  return segments;
}

function noiseSummary(
  lines: readonly string[],
  roles: readonly DiffLineRole[],
  file: DiffFile,
  key: string,
): string[] {
  const headers: string[] = [];
  for (let index = file.start; index < file.end && roles[index] !== 'hunk-header'; index += 1) {
    headers.push(lines[index]);
  }
  const note = `${file.path.slice(-60)}: ${file.hunks} hunks, +${file.added} -${file.removed} lines omitted (lockfile or generated)`;

  return [...headers, formatMarker(key, note)];
}
