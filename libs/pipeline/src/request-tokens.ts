import type { TokenCounter, Tokenizer, TokenizerName } from '@headroom/tokens';

// Texts this long are worth a round trip to a compressor thread for counting.
const OFFLOAD_COUNT_CHARS = 64 * 1024;

// Past this, a text the threads could not count is estimated rather than
// counted on the event loop (a 20 MB line took seconds, every request waiting).
const ESTIMATE_ONLY_CHARS = 2 * 1024 * 1024;

// About four characters a token for the English and code the gateway sees.
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Exact counts made off the event loop (a compressor thread), in the order asked. */
export type OffloadCount = (tokenizer: TokenizerName, texts: string[]) => Promise<number[]>;

/**
 * The token counts of one request. A block's text is asked for by its
 * acceptance check, the cache-cost gate and the request totals, and its
 * compressed text by the first two; each distinct text is counted once (or
 * found once in the shared memo, which costs a hash of the whole text) and
 * every later ask is a map lookup. The shared memo still learns every count,
 * for the next turn that resends the same tool output.
 */
export class RequestTokens {
  private readonly counts = new Map<string, number>();

  constructor(
    readonly tokenizer: Tokenizer,
    private readonly counter: TokenCounter,
    private readonly offload?: OffloadCount,
  ) {}

  count(text: string): number {
    let counted = this.counts.get(text);
    if (counted === undefined) {
      counted = this.counter.count(this.tokenizer, text);
      this.counts.set(text, counted);
    }

    return counted;
  }

  // TODO(#9): a block's count is a second trip to the thread after its
  // compression (the text is copied there again and waits behind other
  // blocks); counting input and output as part of the compress call would
  // save the trip, but needs the outcome contract to carry counts.
  /**
   * Counts long texts on a compressor thread when the port has them, so a
   * multi-megabyte tool output does not stall the event loop. Without
   * threads, or if they fail, `count` simply counts here.
   */
  async prime(texts: readonly string[]): Promise<void> {
    if (!this.offload) return;

    const pending: string[] = [];
    for (const text of texts) {
      if (text.length < OFFLOAD_COUNT_CHARS || this.counts.has(text) || pending.includes(text)) {
        continue;
      }
      if (!this.recall(text)) pending.push(text);
    }
    if (pending.length === 0) return;

    try {
      const counts = await this.offload(this.tokenizer.name, pending);
      pending.forEach((text, index) => {
        this.counts.set(text, counts[index]);
        this.counter.prime(this.tokenizer, text, counts[index]);
      });
    } catch {
      // Counted on this thread instead, except texts so long that counting
      // them here would hold every other request: those are estimated.
      for (const text of pending) {
        if (text.length >= ESTIMATE_ONLY_CHARS) this.counts.set(text, estimateTokens(text));
      }
    }
  }

  // A count the shared memo already holds, taken into this request's map.
  private recall(text: string): boolean {
    if (!this.counter.knows(this.tokenizer, text)) return false;

    this.counts.set(text, this.counter.count(this.tokenizer, text));
    return true;
  }
}
