import {
  type CompressInput,
  type CompressOutcome,
  type Compressor,
  type ContentKind,
  ccrKey,
  containsMarker,
  skipped,
} from '@headroom/contracts';
import type { JsonValue } from './json-value.types';
import { type WalkOptions, type WalkReport, newReport, walkValue } from './json-walker';
import { queryTerms } from './query-terms';

export type JsonCompressorOptions = {
  /** Below this many characters a block passes untouched (BL-11). */
  minChars: number;
  /** Output/input size the lossless form must reach before lossy selection is skipped. */
  targetRatio: number;
  /** Arrays shorter than this are never sampled. */
  minItemsToSelect: number;
  /** Strings longer than this are cut to `keptStringChars` in lossy mode. */
  maxStringChars: number;
  keptStringChars: number;
};

export const DEFAULT_JSON_OPTIONS: JsonCompressorOptions = {
  minChars: 1024,
  targetRatio: 0.35,
  minItemsToSelect: 10,
  maxStringChars: 4000,
  keptStringChars: 600,
};

type Parsed = { value: JsonValue; lines: boolean };

/**
 * Compresses JSON documents and JSON lines. Lossless first: minified output
 * and record arrays as tables. Only when that misses the target does it
 * sample long arrays and cut huge strings, leaving a marker wherever
 * something was dropped and returning the whole input as the original.
 */
export class JsonCompressor implements Compressor {
  readonly name = 'json';
  readonly kinds: readonly ContentKind[] = ['json'];
  private readonly options: JsonCompressorOptions;

  constructor(options: Partial<JsonCompressorOptions> = {}) {
    this.options = { ...DEFAULT_JSON_OPTIONS, ...options };
  }

  compress(input: CompressInput): CompressOutcome {
    const { text } = input;
    if (containsMarker(text)) {
      return skipped('already-compressed');
    }
    if (text.length < (input.minChars ?? this.options.minChars)) {
      return skipped('too-small');
    }
    const parsed = parseJson(text);
    if (!parsed) {
      return skipped('unsupported', 'not JSON');
    }

    const lossless = this.render(parsed.value, input, false);
    // Indentation inflates characters but barely costs tokens: compare the ink.
    const target = (input.targetRatio ?? this.options.targetRatio) * visibleSize(text);
    if (input.lossless || visibleSize(lossless.text) <= target) {
      return this.losslessOutcome(text, lossless, parsed);
    }

    const lossy = this.render(parsed.value, input, true);
    if (
      lossy.report.selections + lossy.report.truncations === 0 ||
      lossy.text.length >= lossless.text.length
    ) {
      return this.losslessOutcome(text, lossless, parsed);
    }

    // TODO(#3): one original per sampled array (its exact source slice) instead of the whole
    // document, so that a retrieval returns only what was dropped.
    return {
      status: 'compressed',
      text: lossy.text,
      transforms: transformNames(lossy.report, parsed),
      originals: [
        {
          key: ccrKey(text),
          content: text,
          kind: 'json',
          compressor: this.name,
          itemCount: lossy.report.itemCount,
          keptCount: lossy.report.keptCount,
        },
      ],
    };
  }

  private render(
    value: JsonValue,
    input: CompressInput,
    lossy: boolean,
  ): { text: string; report: WalkReport } {
    const report = newReport();
    let key: string | undefined;
    const options: WalkOptions = {
      lossy,
      // Hashing a large input costs a millisecond; only a marker needs it.
      markerKey: () => (key ??= ccrKey(input.text)),
      terms: queryTerms(input.query),
      budgetFor: (length) => itemBudget(length, input.targetRatio),
      maxStringChars: this.options.maxStringChars,
      keptStringChars: this.options.keptStringChars,
      minItemsToSelect: this.options.minItemsToSelect,
    };

    return { text: JSON.stringify(walkValue(value, options, report)), report };
  }

  private losslessOutcome(
    text: string,
    lossless: { text: string; report: WalkReport },
    parsed: Parsed,
  ): CompressOutcome {
    if (lossless.text.length >= text.length) {
      return skipped('no-gain');
    }

    return {
      status: 'compressed',
      text: lossless.text,
      transforms: transformNames(lossless.report, parsed),
      originals: [],
    };
  }
}

/** How many items of an array of `length` survive selection: about its square root. */
function itemBudget(length: number, targetRatio: number | undefined): number {
  const root = Math.max(6, Math.ceil(Math.sqrt(length)));
  const byTarget = targetRatio === undefined ? root : Math.max(6, Math.ceil(length * targetRatio));

  return Math.min(length, root, byTarget);
}

/** Characters other than layout whitespace: a cheap, tokenizer-free size for ratios. */
function visibleSize(text: string): number {
  let size = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 10 && code !== 13 && code !== 9) {
      size += 1;
    }
  }

  return size;
}

function transformNames(report: WalkReport, parsed: Parsed): string[] {
  const names = [parsed.lines ? 'json:lines-to-array' : 'json:minify'];
  if (report.tables > 0) {
    names.push('json:table');
  }
  if (report.selections > 0) {
    names.push('json:select');
  }
  if (report.truncations > 0) {
    names.push('json:truncate-strings');
  }

  return names;
}

function parseJson(text: string): Parsed | undefined {
  try {
    return { value: JSON.parse(text) as JsonValue, lines: false };
  } catch {
    return parseJsonLines(text);
  }
}

function parseJsonLines(text: string): Parsed | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < 2) {
    return undefined;
  }
  try {
    return { value: lines.map((line) => JSON.parse(line) as JsonValue), lines: true };
  } catch {
    return undefined;
  }
}
