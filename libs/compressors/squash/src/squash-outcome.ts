import {
  type CompressOutcome,
  type ContentKind,
  type OriginalRecord,
  ccrKey,
  skipped,
} from '@headroom/contracts';

export type SquashResult = {
  text: string;
  transforms: string[];
  itemCount: number;
  keptCount: number;
};

/**
 * Wraps a squasher's output: the whole input becomes the one original that
 * every marker of the output names, and output that saves nothing is
 * reported as `no-gain` rather than sent.
 */
export function squashOutcome(
  input: string,
  result: SquashResult,
  kind: ContentKind,
  compressor: string,
): CompressOutcome {
  if (result.text.length >= input.length) {
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
