import {
  type CompressOutcome,
  type ContentKind,
  type OriginalRecord,
  ccrKey,
  skipped,
} from '@headroom/contracts';
import { estimateTokens } from './token-estimate';

export type SquashResult = {
  text: string;
  transforms: string[];
  itemCount: number;
  keptCount: number;
};

// A marker costs tokens and a retrieval may cost a round trip: small savings are not worth it.
const MIN_SAVING = 0.1;

/**
 * Wraps a squasher's output: the whole input becomes the one original that
 * every marker of the output names, and output that saves less than a tenth
 * of the (estimated) tokens is reported as `no-gain` rather than sent.
 */
export function squashOutcome(
  input: string,
  result: SquashResult,
  kind: ContentKind,
  compressor: string,
): CompressOutcome {
  if (estimateTokens(result.text) > estimateTokens(input) * (1 - MIN_SAVING)) {
    return skipped('no-gain');
  }
  const original: OriginalRecord = {
    key: ccrKey(input),
    content: input,
    kind,
    compressor,
    itemCount: result.itemCount,
    keptCount: result.keptCount,
  };

  return {
    status: 'compressed',
    text: result.text,
    transforms: result.transforms,
    originals: [original],
  };
}
