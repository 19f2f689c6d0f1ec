/**
 * A small deterministic PRNG (SplitMix32). The bench must produce the same
 * bytes on every machine and every run, so nothing here may touch
 * `Math.random` or the clock.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x21f0aaad);
    mixed = Math.imul(mixed ^ (mixed >>> 15), 0x735a2d97);
    mixed ^= mixed >>> 15;

    return (mixed >>> 0) / 0x1_0000_0000;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Lowercase hex of the given length, e.g. for ids and hashes. */
  hex(length: number): string {
    let text = '';
    while (text.length < length) {
      text += Math.floor(this.next() * 0x1_0000_0000)
        .toString(16)
        .padStart(8, '0');
    }

    return text.slice(0, length);
  }

  /** `count` words from the list joined by spaces. */
  words(list: readonly string[], count: number): string {
    return Array.from({ length: count }, () => this.pick(list)).join(' ');
  }
}
