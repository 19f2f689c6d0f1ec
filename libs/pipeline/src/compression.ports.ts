import type {
  CodeLanguage,
  CompressInput,
  CompressOutcome,
  ContentKind,
} from '@headroom/contracts';
import type { TokenizerName } from '@headroom/tokens';

export type Detection = { kind: ContentKind; language?: CodeLanguage; confidence: number };

/** Decides what a block of text is. In-process in every mode: it is cheap. */
export interface ContentDetector {
  detect(text: string): Detection;
}

/**
 * Runs the compressor family for a detected kind. Embedded mode calls the libs
 * in-process; distributed mode sends the same input over the Redis transport.
 */
export interface CompressorPort {
  /**
   * `signal` aborts when nobody will use the outcome any more (the client
   * went away, or the request's compression ran out of time): a port that
   * queues work drops the call if it has not started.
   * TODO(#9): the Redis port (distributed mode) ignores it, so a worker still
   * runs blocks of a request whose client has gone; it needs a cancel message.
   */
  compress(input: CompressInput, signal?: AbortSignal): Promise<CompressOutcome>;
  /** Exact token counts made off the event loop, where the port has threads. */
  countTokens?(tokenizer: TokenizerName, texts: string[], signal?: AbortSignal): Promise<number[]>;
  /** Per compressor family: is it answering? Never rejects. */
  checkHealth?(
    timeoutMs?: number,
  ): Promise<{ family: string; status: 'up' | 'down'; latencyMs: number }[]>;
  /** Resolves when the port can take work (threads loaded, connections up). */
  ready?(): Promise<void>;
  /** Releases threads or connections, if the port holds any. */
  close?(): Promise<void>;
}
