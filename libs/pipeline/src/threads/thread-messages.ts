import type { CompressInput, CompressOutcome } from '@headroom/contracts';
import type { TokenizerName } from '@headroom/tokens';

export type ThreadRequest =
  | { id: number; input: CompressInput }
  | { id: number; count: { tokenizer: TokenizerName; texts: string[] } };

export type ThreadReply =
  | { id: number; outcome: CompressOutcome; counts?: undefined; error?: undefined }
  | { id: number; counts: number[]; outcome?: undefined; error?: undefined }
  | { id: number; error: string; outcome?: undefined; counts?: undefined };

/** Posted once by a thread when its compressor families are loaded. */
export const THREAD_READY = 'headroom:thread-ready';
