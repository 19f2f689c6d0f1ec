import type { CompressInput, CompressOutcome } from '@headroom/contracts';

export type ThreadRequest = { id: number; input: CompressInput };

export type ThreadReply =
  | { id: number; outcome: CompressOutcome; error?: undefined }
  | { id: number; error: string; outcome?: undefined };

/** Posted once by a thread when its compressor families are loaded. */
export const THREAD_READY = 'headroom:thread-ready';
