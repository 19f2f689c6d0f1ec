import { countTokens as countO200k } from 'gpt-tokenizer/cjs/encoding/o200k_base';
import { TokenCounter } from './token-counter';
import { tokenizerFor } from './tokenizer';

describe('tokenizerFor', () => {
  it.each([
    ['gpt-4o-mini', 'o200k_base'],
    ['gpt-4.1', 'o200k_base'],
    ['o3-mini', 'o200k_base'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['claude-sonnet-4-5', 'anthropic_estimate'],
    ['openrouter/claude-3-haiku', 'anthropic_estimate'],
    [undefined, 'o200k_base'],
  ])('picks the family tokenizer for %s', (model, expected) => {
    expect(tokenizerFor(model).name).toBe(expected);
  });

  it('counts special-token lookalikes as text instead of throwing', () => {
    expect(tokenizerFor('gpt-4o').count('a <|endoftext|> b')).toBeGreaterThan(3);
  });

  it('counts with the real o200k vocabulary', () => {
    expect(tokenizerFor('gpt-4o').count('hello world')).toBe(2);
  });
});

describe(TokenCounter.name, () => {
  it('returns the same count from the memo as from the tokenizer', () => {
    const counter = new TokenCounter();
    const tokenizer = tokenizerFor('gpt-4o');
    const text = 'status ok '.repeat(200);

    expect(counter.count(tokenizer, text)).toBe(tokenizer.count(text));
    expect(counter.count(tokenizer, text)).toBe(tokenizer.count(text));
  });
});

describe('counting in pieces', () => {
  const exact = (text: string) => {
    // The same vocabulary, counted in one call: the reference.
    return countO200k(text, { disallowedSpecial: new Set() });
  };

  it('gives the exact count for ordinary long text', () => {
    const text = Array.from(
      { length: 4000 },
      (_, i) => `line ${i}: status ok, took ${i % 97} ms`,
    ).join('\n');

    expect(tokenizerFor('gpt-4o').count(text)).toBe(exact(text));
  });

  it('stays close on one unbroken run (which it cuts to avoid the quadratic merge)', () => {
    const text = 'a'.repeat(200_000);
    const counted = tokenizerFor('gpt-4o').count(text);

    expect(Math.abs(counted - exact(text.slice(0, 2_048)) * (200_000 / 2_048))).toBeLessThan(
      counted * 0.05,
    );
  });
});
