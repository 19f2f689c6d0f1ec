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
