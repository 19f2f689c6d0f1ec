import {
  type CompressInput,
  type CompressOutcome,
  containsMarker,
  skipped,
} from '@headroom/contracts';

export const DEFAULT_MIN_CHARS = 1024;

/**
 * The checks every squasher makes before looking at content. All squashers
 * drop lines, so lossless mode has nothing for them to do.
 */
export function guardInput(
  input: CompressInput,
  minChars: number,
  minLines: number,
): CompressOutcome | undefined {
  if (containsMarker(input.text)) {
    return skipped('already-compressed');
  }
  if (input.text.length < (input.minChars ?? minChars)) {
    return skipped('too-small');
  }
  if (input.lossless) {
    return skipped('lossless-only');
  }
  if (countLines(input.text) < minLines) {
    return skipped('too-small', `fewer than ${minLines} lines`);
  }

  return undefined;
}

function countLines(text: string): number {
  let count = 1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    count += 1;
  }

  return count;
}
