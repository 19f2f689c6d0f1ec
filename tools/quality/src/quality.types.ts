import type { CodeLanguage, Compressor, ContentKind } from '@headroom/contracts';

/** One input of a family: a corpus file or a tool output taken from a transcript. */
export type QualityCase = {
  name: string;
  text: string;
  query: string;
  /** When set, the router's verdict is not consulted (e.g. every log file is a log). */
  kind?: ContentKind;
  language?: CodeLanguage;
  /** Extra material the fidelity check needs, such as the loghub templates of a log. */
  reference?: string;
};

/** Share of the needles of one case that survived, 0..1, with what was lost. */
export type Fidelity = { score: number; needles: number; lost: string[] };

/**
 * A row of the quality table. Each compressor family registers one: where
 * its inputs come from and how to judge what survived. Adding a family is
 * adding an entry to `QUALITY_FAMILIES`.
 */
export type QualityFamily = {
  name: string;
  cases(corpus: string): QualityCase[];
  /** `kind` is what the block was routed as. */
  fidelity(input: QualityCase, output: string, kind: ContentKind): Fidelity;
};

export type CaseResult = {
  name: string;
  kind: ContentKind;
  compressor: string;
  outcome: string;
  tokensBefore: number;
  tokensAfter: number;
  fidelity: Fidelity;
  markersValid: boolean;
  durationMs: number;
};

export type FamilyResult = {
  family: string;
  cases: CaseResult[];
  tokensBefore: number;
  tokensAfter: number;
  fidelity: number;
  minFidelity: number;
};

export type CompressorSet = readonly Compressor[];
