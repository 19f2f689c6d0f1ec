import { shingles } from './prose-units';

/**
 * The shingles of every kept sentence, indexed by shingle, so a candidate is
 * compared only with the sentences it shares a shingle with: the duplicate
 * check stays linear in the text instead of quadratic in sentences.
 */
// A shingle kept by this many sentences is boilerplate; looking at more of
// its owners would make the check quadratic for repetitive text.
const MAX_OWNERS = 64;

export class ShingleIndex {
  private readonly owners = new Map<string, number[]>();
  private readonly sizes: number[] = [];

  add(text: string): void {
    const id = this.sizes.length;
    const signature = shingles(text);
    this.sizes.push(signature.size);
    for (const shingle of signature) {
      const list = this.owners.get(shingle);
      if (list) {
        if (list.length < MAX_OWNERS) {
          list.push(id);
        }
      } else {
        this.owners.set(shingle, [id]);
      }
    }
  }

  /** True when some kept sentence shares at least `threshold` of the smaller shingle set. */
  hasNearDuplicate(text: string, threshold: number): boolean {
    const signature = shingles(text);
    if (signature.size === 0) {
      return false;
    }
    const shared = new Map<number, number>();
    for (const shingle of signature) {
      for (const id of this.owners.get(shingle) ?? []) {
        shared.set(id, (shared.get(id) ?? 0) + 1);
      }
    }
    for (const [id, count] of shared) {
      if (count / Math.min(signature.size, this.sizes[id]) >= threshold) {
        return true;
      }
    }

    return false;
  }
}
