import type { CodeLanguage, ContentKind } from '@headroom/contracts';
import type { NumberingFormat } from './numbered-read';

/** What the router decided about one block of text. */
export type Detection = {
  kind: ContentKind;
  /** 0..1: how sure the detector is; the pipeline may skip low-confidence blocks. */
  confidence: number;
  language?: CodeLanguage;
  /** Short evidence for debug headers and tests, e.g. `grep-lines:0.92`. */
  reason: string;
  /** For a `numbered` file read: how its lines are numbered and where it starts. */
  numbering?: { format: NumberingFormat; firstLine: number; lastLine: number };
};

/**
 * A contiguous slice of a block. Segments of one text cover it completely and
 * in order, so `segments.map((s) => s.text).join('')` is the input, byte for byte.
 */
export type Segment = {
  start: number;
  end: number;
  text: string;
  detection: Detection;
  /** Fence lines and blank glue between pieces: never handed to a compressor. */
  verbatim: boolean;
};
