import type { CompressOutcome } from '@headroom/contracts';

/**
 * Content-addressed memo of compression outcomes. The first outcome for a
 * piece of content wins and is replayed on every later turn, whatever the new
 * question is, so history keeps the bytes the provider has cached.
 */
export class CompressionCache {
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

  get size(): number {
    return this.entries.size;
  }
}
