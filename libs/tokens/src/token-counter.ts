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

    const key = memoKey(tokenizer, text);
    const cached = this.memo.get(key);
    if (cached !== undefined) {
      this.memo.delete(key);
      this.memo.set(key, cached);
      return cached;
    }

    const counted = tokenizer.count(text);
    this.remember(key, counted);

    return counted;
  }

  /** Whether `count` would answer from the memo, without counting. */
  knows(tokenizer: Tokenizer, text: string): boolean {
    return text.length >= CACHE_MIN_LENGTH && this.memo.has(memoKey(tokenizer, text));
  }

  /** Records a count made elsewhere (a compressor thread) for the same tokenizer. */
  prime(tokenizer: Tokenizer, text: string, counted: number): void {
    if (text.length >= CACHE_MIN_LENGTH) this.remember(memoKey(tokenizer, text), counted);
  }

  private remember(key: string, counted: number): void {
    this.memo.set(key, counted);
    if (this.memo.size > CACHE_MAX_ENTRIES) {
      const oldest = this.memo.keys().next().value;
      if (oldest !== undefined) this.memo.delete(oldest);
    }
  }
}

function memoKey(tokenizer: Tokenizer, text: string): string {
  return `${tokenizer.name}:${createHash('sha1').update(text).digest('base64')}`;
}
