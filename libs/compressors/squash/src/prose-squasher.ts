import {
  type CompressInput,
  type CompressOutcome,
  type ContentKind,
  ccrKey,
  formatMarker,
  skipped,
} from '@headroom/contracts';
import { type ProseUnit, splitProse } from './prose-units';
import { ShingleIndex } from './shingle-index';
import { ERROR_WORDS, bm25Scores, queryWords } from './relevance';
import { DEFAULT_MIN_CHARS } from './squash-guard';
import { Squasher } from './squasher';
import { squashOutcome } from './squash-outcome';

export type ProseSquasherOptions = {
  minChars: number;
  minUnits: number;
  targetRatio: number;
  /** Share of shingles two sentences must share to count as near-duplicates. */
  duplicateOverlap: number;
};

export const DEFAULT_PROSE_OPTIONS: ProseSquasherOptions = {
  minChars: DEFAULT_MIN_CHARS * 2,
  minUnits: 8,
  targetRatio: 0.5,
  duplicateOverlap: 0.8,
};

/**
 * Prose and Markdown: sentences ranked by BM25 relevance to the question,
 * position and salience (numbers, quotes, errors); near-duplicates go first.
 * The first sentence, headings and the final sentence (usually the
 * instruction) always stay, byte-identical.
 */
export class ProseSquasher extends Squasher<ProseSquasherOptions> {
  readonly name = 'squash-prose';
  readonly kinds: readonly ContentKind[] = ['prose', 'markdown'];

  constructor(options: Partial<ProseSquasherOptions> = {}) {
    super(DEFAULT_PROSE_OPTIONS, options);
  }

  protected squash(input: CompressInput): CompressOutcome {
    const units = splitProse(input.text);
    const content = units.filter((unit) => unit.text.trim() !== '');
    if (content.length < this.options.minUnits) {
      return skipped('too-small', `fewer than ${this.options.minUnits} sentences`);
    }
    const budget = (input.targetRatio ?? this.options.targetRatio) * input.text.length;
    const { keep, duplicates } = this.select(units, input.query, budget);
    const dropped = content.filter((unit) => !keep.has(unit)).length;
    if (dropped === 0) {
      return skipped('not-compressible', 'every sentence is needed');
    }
    const note = `${dropped} of ${content.length} sentences omitted (${duplicates} near-duplicates); the rest are verbatim`;
    const text = render(units, keep, formatMarker(ccrKey(input.text), note));

    return squashOutcome(
      input.text,
      {
        text,
        transforms: ['prose:select'],
        itemCount: content.length,
        keptCount: content.length - dropped,
      },
      input.kind === 'markdown' ? 'markdown' : 'prose',
      this.name,
    );
  }

  private select(
    units: readonly ProseUnit[],
    query: string,
    budget: number,
  ): { keep: Set<ProseUnit>; duplicates: number } {
    const content = units.filter((unit) => unit.text.trim() !== '');
    const relevance = bm25Scores(
      content.map((unit) => unit.text),
      queryWords(query),
    );
    const scored = content.map((unit, position) => ({
      unit,
      position,
      score: score(unit, position, content.length, relevance[position]),
    }));
    const keep = new Set<ProseUnit>([
      content[0],
      content[content.length - 1],
      ...content.filter((unit) => unit.heading),
    ]);
    const kept = new ShingleIndex();
    keep.forEach((unit) => kept.add(unit.text));
    let used = [...keep].reduce((sum, unit) => sum + unit.text.length, 0);
    let duplicates = 0;
    for (const { unit } of [...scored].sort(
      (left, right) => right.score - left.score || left.position - right.position,
    )) {
      if (keep.has(unit)) {
        continue;
      }
      // Budget first: a sentence that cannot fit needs no duplicate check.
      if (used + unit.text.length > budget) {
        continue;
      }
      if (kept.hasNearDuplicate(unit.text, this.options.duplicateOverlap)) {
        duplicates += 1;
        continue;
      }
      keep.add(unit);
      kept.add(unit.text);
      used += unit.text.length;
    }

    return { keep, duplicates };
  }
}

function score(unit: ProseUnit, position: number, total: number, relevance: number): number {
  const early = position < 3 ? 0.6 : 0;
  const late = position >= total - 3 ? 0.6 : 0;
  const salience =
    (/\d/.test(unit.text) ? 0.3 : 0) +
    (/["“`]/.test(unit.text) ? 0.3 : 0) +
    (ERROR_WORDS.test(unit.text) ? 0.4 : 0);

  return 2 * relevance + early + late + salience;
}

// Kept units verbatim, with one marker standing where the first cut is.
function render(units: readonly ProseUnit[], keep: ReadonlySet<ProseUnit>, marker: string): string {
  const parts: string[] = [];
  let marked = false;
  for (const unit of units) {
    if (keep.has(unit) || unit.text.trim() === '') {
      parts.push(unit.text);
    } else if (!marked) {
      parts.push(`${marker}\n`);
      marked = true;
    }
  }

  return parts.join('');
}
