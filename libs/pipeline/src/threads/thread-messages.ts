import type { CompressInput, CompressOutcome } from '@headroom/contracts';
import type { TokenizerName } from '@headroom/tokens';

export type ThreadRequest =
  | { id: number; input: CompressInput }
  | { id: number; count: { tokenizer: TokenizerName; texts: string[] } };

export type ThreadReply =
  | {
      id: number;
      outcome: CompressOutcome;
      /** Originals sent without their content, which is the block the pool sent. */
      wholeBlock?: number[];
      counts?: undefined;
      error?: undefined;
    }
  | { id: number; counts: number[]; outcome?: undefined; error?: undefined }
  | { id: number; error: string; outcome?: undefined; counts?: undefined };

/** Posted once by a thread when its compressor families are loaded. */
export const THREAD_READY = 'headroom:thread-ready';

/**
 * A thread's answer to a compress call. An original that is the whole block
 * (logs, JSON rows) goes back as its index, not as a second copy of text the
 * pool already holds: a copy crosses the thread boundary as a serialised
 * buffer and lands in the main heap as one more large string per block (BL-35).
 */
export function packOutcome(
  id: number,
  outcome: CompressOutcome,
  text: string,
): Extract<ThreadReply, { outcome: CompressOutcome }> {
  if (outcome.status !== 'compressed') return { id, outcome };

  const wholeBlock: number[] = [];
  const originals = outcome.originals.map((original, index) => {
    if (original.content !== text) return original;
    wholeBlock.push(index);

    return { ...original, content: '' };
  });

  return wholeBlock.length === 0
    ? { id, outcome }
    : { id, outcome: { ...outcome, originals }, wholeBlock };
}

/** The outcome as the compressor returned it, whole-block originals holding the caller's text. */
export function unpackOutcome(
  outcome: CompressOutcome,
  wholeBlock: readonly number[] | undefined,
  text: string,
): CompressOutcome {
  if (outcome.status !== 'compressed' || !wholeBlock || wholeBlock.length === 0) return outcome;

  const originals = outcome.originals.map((original, index) =>
    wholeBlock.includes(index) ? { ...original, content: text } : original,
  );

  return { ...outcome, originals };
}
