import type { CompressOutcome } from '@headroom/contracts';

/**
 * Where compression outcomes are remembered by content key: in process, or
 * in Redis so every gateway replica sends the same bytes for the same block.
 * `remember` returns the outcome that won, which may be another replica's.
 */
export interface OutcomeCache {
  get(key: string): CompressOutcome | undefined | Promise<CompressOutcome | undefined>;
  remember(key: string, outcome: CompressOutcome): CompressOutcome | Promise<CompressOutcome>;
}

/**
 * Content-addressed memo of compression outcomes. The first outcome for a
 * piece of content wins and is replayed on every later turn, whatever the new
 * question is, so history keeps the bytes the provider has cached.
 */
export class CompressionCache implements OutcomeCache {
  private readonly entries = new Map<string, CompressOutcome>();

  constructor(private readonly maxEntries = 5_000) {}

  get(key: string): CompressOutcome | undefined {
    const outcome = this.entries.get(key);
    if (outcome !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, outcome);
    }

    return outcome;
  }

  set(key: string, outcome: CompressOutcome): void {
    this.entries.delete(key);
    this.entries.set(key, outcome);

    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  remember(key: string, outcome: CompressOutcome): CompressOutcome {
    this.set(key, outcome);
    return outcome;
  }

  get size(): number {
    return this.entries.size;
  }
}
