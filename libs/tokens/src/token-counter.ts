import { createHash } from 'node:crypto';
import { type Tokenizer } from './tokenizer';

const CACHE_MIN_LENGTH = 512;
const CACHE_MAX_ENTRIES = 20_000;

/**
 * Counts tokens with a content-addressed memo for long strings: agent
 * conversations resend the same tool outputs every turn, and counting them
 * again is most of the cost of honest before/after numbers.
 */
export class TokenCounter {
  private readonly memo = new Map<string, number>();

  count(tokenizer: Tokenizer, text: string): number {
    if (text.length < CACHE_MIN_LENGTH) {
      return tokenizer.count(text);
    }

    const key = `${tokenizer.name}:${createHash('sha1').update(text).digest('base64')}`;
    const cached = this.memo.get(key);
    if (cached !== undefined) {
      this.memo.delete(key);
      this.memo.set(key, cached);
      return cached;
    }

    const counted = tokenizer.count(text);
    this.memo.set(key, counted);
    if (this.memo.size > CACHE_MAX_ENTRIES) {
      const oldest = this.memo.keys().next().value;
      if (oldest !== undefined) this.memo.delete(oldest);
    }

    return counted;
  }
}
