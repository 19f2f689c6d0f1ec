/**
 * List prices in USD per million tokens. Transcribed by hand from the OpenAI
 * and Anthropic public pricing pages; update `PRICES_AS_OF` with every edit.
 * `cacheWrite` is what writing a prompt-cache entry costs: Anthropic charges a
 * premium over input (5-minute cache), OpenAI writes at the input price.
 */
export const PRICES_AS_OF = '2025-11-01';
export const PRICES_SOURCE = 'openai.com/api/pricing and anthropic.com/pricing (list prices)';

export type ModelPrice = {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
};

const openAi = (input: number, cacheRead: number, output: number): ModelPrice => ({
  input,
  output,
  cacheRead,
  cacheWrite: input,
});

const anthropic = (input: number, output: number): ModelPrice => ({
  input,
  output,
  cacheRead: input * 0.1,
  cacheWrite: input * 1.25,
});

// Longest prefix wins, so dated and suffixed model ids find their family.
const TABLE: ReadonlyArray<readonly [string, ModelPrice]> = [
  ['gpt-5-nano', openAi(0.05, 0.005, 0.4)],
  ['gpt-5-mini', openAi(0.25, 0.025, 2)],
  ['gpt-5', openAi(1.25, 0.125, 10)],
  ['gpt-4.1-nano', openAi(0.1, 0.025, 0.4)],
  ['gpt-4.1-mini', openAi(0.4, 0.1, 1.6)],
  ['gpt-4.1', openAi(2, 0.5, 8)],
  ['gpt-4o-mini', openAi(0.15, 0.075, 0.6)],
  ['gpt-4o', openAi(2.5, 1.25, 10)],
  ['o4-mini', openAi(1.1, 0.275, 4.4)],
  ['o3-mini', openAi(1.1, 0.55, 4.4)],
  ['o3', openAi(2, 0.5, 8)],
  ['claude-opus-4-5', anthropic(5, 25)],
  ['claude-opus-4', anthropic(15, 75)],
  ['claude-sonnet-4', anthropic(3, 15)],
  ['claude-3-7-sonnet', anthropic(3, 15)],
  ['claude-3-5-sonnet', anthropic(3, 15)],
  ['claude-haiku-4-5', anthropic(1, 5)],
  ['claude-3-5-haiku', anthropic(0.8, 4)],
];

const SORTED = [...TABLE].sort(([left], [right]) => right.length - left.length);

/** The list price of a model, or undefined for models the table does not know. */
export function priceFor(model: string | undefined): ModelPrice | undefined {
  const name = (model ?? '').toLowerCase().replace(/^[a-z0-9-]+\//, '');

  return SORTED.find(([prefix]) => name.startsWith(prefix))?.[1];
}

/** Dollars for a token count at a per-million price. */
export function dollars(tokens: number, perMillion: number): number {
  return (tokens * perMillion) / 1_000_000;
}

export function knownModels(): string[] {
  return TABLE.map(([prefix]) => prefix);
}
