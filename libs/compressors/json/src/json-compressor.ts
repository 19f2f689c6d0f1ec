import {
  type CompressInput,
  type CompressOutcome,
  type Compressor,
  type ContentKind,
  type OriginalRecord,
  ccrKey,
  containsMarker,
  skipped,
} from '@headroom/contracts';
import { recallJsonDocument } from '@headroom/router';
import { type SpanIndex, indexSpans } from './json-spans';
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
 * something was dropped; each marker names the exact source text of the
 * array or string it shortened (for JSON lines, the whole input).
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
    // The router parsed this block to route it here; in the same thread its
    // document is reused rather than parsed a second time.
    const parsed = (recallJsonDocument(text) as Parsed | undefined) ?? parseJson(text);
    if (!parsed) {
      return skipped('unsupported', 'not JSON');
    }

    const lossless = this.render(parsed.value, input, false);
    // Indentation inflates characters but barely costs tokens: compare the ink.
    // The minified form has no layout whitespace left: its length is its ink.
    if (input.lossless || this.meetsTarget(lossless.text.length, text, input.targetRatio)) {
      return this.losslessOutcome(text, lossless, parsed);
    }

    const lossy = this.render(parsed.value, input, true, parsed.lines);
    if (
      lossy.report.selections + lossy.report.truncations === 0 ||
      lossy.text.length >= lossless.text.length
    ) {
      return this.losslessOutcome(text, lossless, parsed);
    }

    return {
      status: 'compressed',
      text: lossy.text,
      transforms: transformNames(lossy.report, parsed),
      originals: [...lossy.originals.values()],
    };
  }

  private meetsTarget(size: number, text: string, targetRatio: number | undefined): boolean {
    const ratio = targetRatio ?? this.options.targetRatio;
    // The ink is at most the whole text: a form that misses the target even
    // against the whole length misses it against the ink, without counting it.
    if (ratio >= 0 && size > ratio * text.length) {
      return false;
    }

    return size <= ratio * visibleSize(text);
  }

  private render(
    value: JsonValue,
    input: CompressInput,
    lossy: boolean,
    lines = false,
  ): { text: string; report: WalkReport; originals: Map<string, OriginalRecord> } {
    const report = newReport();
    const originals = new Map<string, OriginalRecord>();
    let spans: SpanIndex | undefined;
    const options: WalkOptions = {
      lossy,
      originalKey: (path, itemCount, keptCount) => {
        // The root is the whole input; anything deeper costs one pass over it, taken
        // only once a marker needs it. Markers stand only for arrays long enough to
        // sample and strings long enough to cut: nothing else is indexed.
        if (path !== '' && !lines) {
          spans ??= indexSpans(input.text, {
            minStringLength: this.options.maxStringChars,
            minArrayItems: this.options.minItemsToSelect,
            objects: false,
          });
        }
        const span = spans?.get(path);
        const content = span ? input.text.slice(span.start, span.end) : input.text;
        const key = ccrKey(content);
        if (!originals.has(key)) {
          originals.set(key, {
            key,
            content,
            kind: 'json',
            compressor: this.name,
            itemCount,
            keptCount,
          });
        }

        return key;
      },
      terms: queryTerms(input.query),
      budgetFor: (length) => itemBudget(length, input.targetRatio),
      maxStringChars: this.options.maxStringChars,
      keptStringChars: this.options.keptStringChars,
      minItemsToSelect: this.options.minItemsToSelect,
    };

    return { text: JSON.stringify(walkValue(value, options, report)), report, originals };
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

const SAMPLE_WINDOW = 32_768;
const SAMPLED_ABOVE = 262_144;

/**
 * Characters other than layout whitespace: a cheap, tokenizer-free size for
 * ratios. Large inputs are measured on three fixed windows and scaled, which
 * is deterministic and accurate enough for a keep-or-sample decision.
 */
function visibleSize(text: string): number {
  if (text.length <= SAMPLED_ABOVE) {
    return countVisible(text, 0, text.length);
  }
  const starts = [0, Math.floor(text.length / 2), text.length - SAMPLE_WINDOW];
  const visible = starts.reduce(
    (sum, start) => sum + countVisible(text, start, start + SAMPLE_WINDOW),
    0,
  );

  return Math.round((visible / (3 * SAMPLE_WINDOW)) * text.length);
}

function countVisible(text: string, start: number, end: number): number {
  let size = 0;
  for (let index = start; index < end; index += 1) {
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
