import { sumUsage } from './usage-sum';

describe('sumUsage', () => {
  it('sums the tester’s two OpenAI chat rounds into what the provider billed (BL-23)', () => {
    const usage = sumUsage([
      {
        prompt_tokens: 1000,
        completion_tokens: 50,
        total_tokens: 1050,
        prompt_tokens_details: { cached_tokens: 200 },
        completion_tokens_details: { reasoning_tokens: 10 },
      },
      {
        prompt_tokens: 3000,
        completion_tokens: 20,
        total_tokens: 3020,
        prompt_tokens_details: { cached_tokens: 900 },
        completion_tokens_details: { reasoning_tokens: 4 },
      },
    ]);

    expect(usage).toEqual({
      prompt_tokens: 4000,
      completion_tokens: 70,
      total_tokens: 4070,
      prompt_tokens_details: { cached_tokens: 1100 },
      completion_tokens_details: { reasoning_tokens: 14 },
    });
  });

  it('keeps the last round’s key order and non-numeric fields as they are (BL-23)', () => {
    const usage = sumUsage([
      { input_tokens: 1000, output_tokens: 50, service_tier: 'priority' },
      { output_tokens: 20, input_tokens: 3000, service_tier: 'standard', note: null },
    ]);

    expect(JSON.stringify(usage)).toBe(
      '{"output_tokens":70,"input_tokens":4000,"service_tier":"standard","note":null}',
    );
  });

  it('adds a counter only an earlier round sent, and invents none (BL-23)', () => {
    const usage = sumUsage([
      { input_tokens: 1000, output_tokens: 50, cache_read_input_tokens: 800 },
      { input_tokens: 3000, output_tokens: 20 },
    ]);

    expect(usage).toEqual({ input_tokens: 4000, output_tokens: 70, cache_read_input_tokens: 800 });
    expect(usage).not.toHaveProperty('total_tokens');
    expect(usage).not.toHaveProperty('cache_creation_input_tokens');
  });

  it('skips rounds without usage and is undefined when none had any (BL-23)', () => {
    expect(sumUsage([undefined, { input_tokens: 3 }, null])).toEqual({ input_tokens: 3 });
    expect(sumUsage([undefined, null])).toBeUndefined();
  });
});
