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
  private readonly entries = new Map<string, { outcome: CompressOutcome; bytes: number }>();
  private totalBytes = 0;

  /**
   * Bounded by count and by size: an outcome holds its originals, and a few
   * thousand multi-megabyte tool outputs would otherwise fill the heap.
   */
  constructor(
    private readonly maxEntries = 5_000,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  get(key: string): CompressOutcome | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }

    return entry?.outcome;
  }

  set(key: string, outcome: CompressOutcome): void {
    const bytes = sizeOf(outcome);
    this.drop(key);
    if (bytes > this.maxBytes / 4) return;

    this.entries.set(key, { outcome, bytes });
    this.totalBytes += bytes;
    while (this.entries.size > this.maxEntries || this.totalBytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
  }

  remember(key: string, outcome: CompressOutcome): CompressOutcome {
    this.set(key, outcome);
    return outcome;
  }

  get size(): number {
    return this.entries.size;
  }

  /** What the entries are accounted at, never above the bound. */
  get bytes(): number {
    return this.totalBytes;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }
}

/** Approximate heap size of an outcome: two bytes per UTF-16 code unit. */
function sizeOf(outcome: CompressOutcome): number {
  if (outcome.status !== 'compressed') return 64;

  const originals = outcome.originals.reduce((sum, original) => sum + original.content.length, 0);
  return 2 * (outcome.text.length + originals) + 64;
}
