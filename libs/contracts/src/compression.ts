import type { CodeLanguage, ContentKind } from './content-kind';
import { containsMarker } from './marker';

/** One block of text handed to a compressor, with what the router learnt about it. */
export type CompressInput = {
  text: string;
  kind: ContentKind;
  language?: CodeLanguage;
  /** Text of the newest user message: what the model is being asked now. */
  query: string;
  /** Marker-free mode: only transforms that lose nothing are allowed. */
  lossless: boolean;
  toolName?: string;
  /**
   * What the file the tool call named is, by its extension in the router's
   * table of kind names (`src/app.ts`: code in TypeScript). Never the path:
   * compressors need only the kind, and the kind is all that is keyed.
   */
  sourceKind?: { kind: ContentKind; language?: CodeLanguage };
  /** Desired output size as a share of the input, 0 < ratio <= 1. */
  targetRatio?: number;
  /**
   * Blocks shorter than this many characters are returned as `skipped('too-small')`;
   * each compressor has its own default (about 1 KB).
   */
  minChars?: number;
};

/** An original the compressor dropped content from, to be stored before its marker is sent. */
export type OriginalRecord = {
  key: string;
  content: string;
  kind: ContentKind;
  compressor: string;
  itemCount?: number;
  keptCount?: number;
  /** The text that replaced the original upstream, kept for audits and stats. */
  compressed?: string;
  /** Per-record token counts; the store falls back to the save's metadata. */
  tokensBefore?: number;
  tokensAfter?: number;
};

export const SKIP_REASONS = [
  'too-small',
  'not-compressible',
  // The compressor's own check rejected what it produced (code that would not
  // re-parse): a fault to count, unlike the other reasons.
  'invalid-output',
  'no-gain',
  'already-compressed',
  'lossless-only',
  'unsupported',
  'error-output',
  'disabled',
] as const;

export type SkipReason = (typeof SKIP_REASONS)[number];

export type CompressOutcome =
  | {
      status: 'compressed';
      text: string;
      /** Short names of what was done, e.g. `json:table`, `log:templates`. */
      transforms: string[];
      /** Empty only when every transform was lossless. */
      originals: OriginalRecord[];
    }
  | { status: 'skipped'; reason: SkipReason; detail?: string };

/**
 * A compressor family. Implementations are pure: no I/O, the same input gives
 * the same output bytes. They never store anything; they return the originals
 * and the pipeline makes them durable before any marker leaves the process.
 */
export interface Compressor {
  readonly name: string;
  readonly kinds: readonly ContentKind[];
  compress(input: CompressInput): CompressOutcome | Promise<CompressOutcome>;
}

export function skipped(reason: SkipReason, detail?: string): CompressOutcome {
  return detail === undefined
    ? { status: 'skipped', reason }
    : { status: 'skipped', reason, detail };
}

/** The size window inside which a lossy compressor looks at a block at all. */
export type SizeWindow = { minChars: number; maxChars: number };

/**
 * The checks a lossy compressor makes before it reads a block: marker-free
 * mode, the size window (the input's own `minChars` wins over the default),
 * and content that already carries a marker. Undefined means go ahead.
 */
export function screenInput(input: CompressInput, window: SizeWindow): CompressOutcome | undefined {
  const { text } = input;
  if (input.lossless) {
    return skipped('lossless-only');
  }
  if (text.length < (input.minChars ?? window.minChars)) {
    return skipped('too-small');
  }
  if (text.length > window.maxChars) {
    return skipped('not-compressible', `longer than ${window.maxChars} characters`);
  }
  if (containsMarker(text)) {
    return skipped('already-compressed');
  }

  return undefined;
}
