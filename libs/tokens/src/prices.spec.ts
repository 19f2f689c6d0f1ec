import { dollars, priceFor } from './prices';

describe('priceFor', () => {
  it.each([
    ['gpt-4o-mini-2024-07-18', 0.15],
    ['gpt-4o', 2.5],
    ['claude-sonnet-4-5-20250929', 3],
    ['anthropic/claude-opus-4-5', 5],
    ['claude-opus-4-1', 15],
  ])('finds the family price of %s', (model, input) => {
    expect(priceFor(model)?.input).toBe(input);
  });

  it('knows nothing of unknown models rather than guessing', () => {
    expect(priceFor('llama-3-70b')).toBeUndefined();
  });

  it('charges Anthropic cache writes at a premium and reads at a tenth', () => {
    const price = priceFor('claude-sonnet-4-5');

    expect(price?.cacheWrite).toBeCloseTo(3.75);
    expect(price?.cacheRead).toBeCloseTo(0.3);
    expect(dollars(2_000_000, 3)).toBe(6);
  });
});
