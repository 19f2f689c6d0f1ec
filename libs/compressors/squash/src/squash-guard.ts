import {
  type CompressInput,
  type CompressOutcome,
  containsMarker,
  skipped,
} from '@headroom/contracts';

export const DEFAULT_MIN_CHARS = 1024;

/** Error outputs up to this size pass verbatim: models recover best from the exact text (BL-28). */
export const VERBATIM_ERROR_CHARS = 8192;

const TRACEBACK = /^Traceback \(most recent call last\):/m;
const FINAL_EXCEPTION = /^(?:[\w.]+(?:Error|Exception)|panic)(?::|$)/;

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
  if (input.text.length <= VERBATIM_ERROR_CHARS && isErrorOutput(input.text)) {
    return skipped('error-output');
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

/** A traceback, or output whose last line is the exception that ended it. */
export function isErrorOutput(text: string): boolean {
  if (TRACEBACK.test(text)) {
    return true;
  }
  const trimmed = text.trimEnd();
  const lastLine = trimmed.slice(trimmed.lastIndexOf('\n') + 1).trim();

  return FINAL_EXCEPTION.test(lastLine);
}
