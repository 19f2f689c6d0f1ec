import {
  type CompressInput,
  type CompressOutcome,
  type ContentKind,
  ccrKey,
  formatMarker,
} from '@headroom/contracts';
import { coarseTemplate, displayTemplate, fineTemplate } from './line-template';
import { isSevere, isStackLine, levelOf } from './log-level';
import { joinLines, splitLines } from './line-split';
import { DEFAULT_MIN_CHARS } from './squash-guard';
import { Squasher } from './squasher';
import { squashOutcome } from './squash-outcome';

export type LogSquasherOptions = {
  minChars: number;
  minLines: number;
  headLines: number;
  tailLines: number;
  /** Instances of one error or warning template kept verbatim: the first ones and the last. */
  severePerTemplate: number;
  /** Up to this many error, warning and fatal lines in a log, every one is kept verbatim. */
  maxSevereVerbatim: number;
  /** Lines of one stack trace kept verbatim after the line that raised it. */
  maxStackLines: number;
  /** Repeated templates listed with their counts; the rest are summed in one line. */
  maxListedTemplates: number;
  /** Share of the input's characters that first occurrences may fill beyond the must-keeps. */
  targetRatio: number;
};

export const DEFAULT_LOG_OPTIONS: LogSquasherOptions = {
  minChars: DEFAULT_MIN_CHARS,
  minLines: 20,
  headLines: 5,
  tailLines: 5,
  severePerTemplate: 1,
  maxSevereVerbatim: 50,
  maxStackLines: 60,
  maxListedTemplates: 40,
  targetRatio: 0.08,
};

type Template = { text: string; count: number; kept: number; first: number };

/**
 * Logs: one verbatim line per template (its first occurrence), every error,
 * warning and fatal template with its first instances and its last, stack
 * traces under kept lines, and the head and tail. Everything else is counted
 * per template, exactly, in a trailer after the marker.
 */
export class LogSquasher extends Squasher<LogSquasherOptions> {
  readonly name = 'squash-log';
  readonly kinds: readonly ContentKind[] = ['log'];

  constructor(options: Partial<LogSquasherOptions> = {}) {
    super(DEFAULT_LOG_OPTIONS, options);
  }

  protected squash(input: CompressInput): CompressOutcome {
    const lines = splitLines(input.text);
    const budget = (input.targetRatio ?? this.options.targetRatio) * input.text.length;
    const { keep, templates } = this.select(lines, budget);
    if (keep.size === lines.length) {
      return squashOutcome(
        input.text,
        { text: input.text, transforms: [], itemCount: 0, keptCount: 0 },
        'log',
        this.name,
      );
    }
    const kept = [...keep].sort((left, right) => left - right);
    const trailer = this.trailer(input.text, lines.length, kept.length, templates);
    const text = joinLines([...kept.map((index) => lines[index]), ...trailer], input.text);

    return squashOutcome(
      input.text,
      { text, transforms: ['log:templates'], itemCount: lines.length, keptCount: kept.length },
      'log',
      this.name,
    );
  }

  private select(
    lines: readonly string[],
    budget: number,
  ): { keep: Set<number>; templates: Map<string, Template> } {
    const keep = new Set<number>();
    const templates = new Map<string, Template>();
    const severe = new Map<string, number[]>();
    lines.forEach((line, index) => {
      if (line.trim() === '') {
        return;
      }
      const template = templateFor(templates, coarseTemplate(line), index);
      template.count += 1;
      if (isSevere(levelOf(line))) {
        const key = fineTemplate(line);
        const seen = severe.get(key) ?? [];
        seen.push(index);
        severe.set(key, seen);
      }
    });
    this.keepSevere(severe, keep);
    this.keepEdges(lines.length, keep);
    this.keepStacks(lines, keep);
    keepFirstOccurrences(lines, templates, keep, budget);
    this.keepStacks(lines, keep);
    countKept(lines, keep, templates);

    return { keep, templates };
  }

  // A few errors are kept one by one; a flood of them (a WARN on every
  // request) is kept per template, first and last, and counted in the trailer.
  private keepSevere(severe: ReadonlyMap<string, number[]>, keep: Set<number>): void {
    const total = [...severe.values()].reduce((sum, indexes) => sum + indexes.length, 0);
    for (const indexes of severe.values()) {
      if (total <= this.options.maxSevereVerbatim) {
        indexes.forEach((index) => keep.add(index));
        continue;
      }
      indexes.slice(0, this.options.severePerTemplate).forEach((index) => keep.add(index));
      keep.add(indexes[indexes.length - 1]);
    }
  }

  private keepEdges(length: number, keep: Set<number>): void {
    for (let index = 0; index < Math.min(this.options.headLines, length); index += 1) {
      keep.add(index);
    }
    for (let index = Math.max(0, length - this.options.tailLines); index < length; index += 1) {
      keep.add(index);
    }
  }

  // A trace belongs to the line above it: keep the frames of every kept line.
  private keepStacks(lines: readonly string[], keep: Set<number>): void {
    for (const start of [...keep]) {
      let taken = 0;
      for (
        let index = start + 1;
        index < lines.length && taken < this.options.maxStackLines;
        index += 1
      ) {
        if (!isStackLine(lines[index])) {
          break;
        }
        keep.add(index);
        taken += 1;
      }
    }
  }

  private trailer(
    input: string,
    total: number,
    kept: number,
    templates: ReadonlyMap<string, Template>,
  ): string[] {
    const repeated = [...templates.values()]
      .filter((template) => template.count > template.kept)
      .sort((left, right) => right.count - left.count || left.first - right.first);
    const listed = repeated.slice(0, this.options.maxListedTemplates);
    const rest = repeated.slice(this.options.maxListedTemplates);
    const marker = formatMarker(
      ccrKey(input),
      `${total - kept} of ${total} lines omitted; each line below is a template, its total count and how many are shown`,
    );
    const rows = listed.map(
      (template) => `${template.count}× (${template.kept} shown) ${displayTemplate(template.text)}`,
    );
    if (rest.length > 0) {
      const lines = rest.reduce((sum, template) => sum + template.count - template.kept, 0);
      rows.push(`${rest.length} more templates: ${lines} lines omitted`);
    }

    return [marker, ...rows];
  }
}

// Frequent templates first: one line stands for the most omitted lines there.
function keepFirstOccurrences(
  lines: readonly string[],
  templates: ReadonlyMap<string, Template>,
  keep: Set<number>,
  budget: number,
): void {
  let used = 0;
  for (const index of keep) {
    used += lines[index].length + 1;
  }
  const ordered = [...templates.values()].sort(
    (left, right) => right.count - left.count || left.first - right.first,
  );
  for (const template of ordered) {
    const cost = lines[template.first].length + 1;
    if (!keep.has(template.first) && used + cost <= budget) {
      keep.add(template.first);
      used += cost;
    }
  }
}

function templateFor(templates: Map<string, Template>, text: string, index: number): Template {
  let template = templates.get(text);
  if (!template) {
    template = { text, count: 0, kept: 0, first: index };
    templates.set(text, template);
  }

  return template;
}

function countKept(
  lines: readonly string[],
  keep: ReadonlySet<number>,
  templates: Map<string, Template>,
): void {
  for (const index of keep) {
    if (lines[index].trim() !== '') {
      const template = templates.get(coarseTemplate(lines[index]));
      if (template) {
        template.kept += 1;
      }
    }
  }
}
