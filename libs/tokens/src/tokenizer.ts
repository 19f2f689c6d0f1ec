import { countTokens as countCl100k } from 'gpt-tokenizer/cjs/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/cjs/encoding/o200k_base';

export type TokenizerName = 'o200k_base' | 'cl100k_base' | 'anthropic_estimate';

export type Tokenizer = {
  readonly name: TokenizerName;
  count(text: string): number;
};

// Text from clients may contain strings such as `<|endoftext|>`; they are
// ordinary text to us and must be counted, not rejected.
const AS_TEXT = { disallowedSpecial: new Set<string>() };

const o200k: Tokenizer = {
  name: 'o200k_base',
  count: (text) => countO200k(text, AS_TEXT),
};

const cl100k: Tokenizer = {
  name: 'cl100k_base',
  count: (text) => countCl100k(text, AS_TEXT),
};

/**
 * Anthropic publishes no tokenizer for current Claude models. We count with
 * cl100k_base and scale by 1.1, which tracks Claude's reported input tokens on
 * English text, code and JSON within a few percent. Before and after counts use
 * the same estimate, so the saved share is faithful even where the absolute
 * number is off; billed numbers come from the provider's `usage` fields.
 */
const ANTHROPIC_SCALE = 1.1;

const anthropicEstimate: Tokenizer = {
  name: 'anthropic_estimate',
  count: (text) => Math.ceil(countCl100k(text, AS_TEXT) * ANTHROPIC_SCALE),
};

const CL100K_MODELS = /^(gpt-4(?!o|\.1|\.5)|gpt-3\.5|text-embedding-(ada|3)|davinci|babbage)/;

export function tokenizerFor(model: string | undefined): Tokenizer {
  const name = (model ?? '').toLowerCase().replace(/^[a-z0-9-]+\//, '');

  if (name.startsWith('claude') || name.startsWith('anthropic.')) {
    return anthropicEstimate;
  }
  if (CL100K_MODELS.test(name)) {
    return cl100k;
  }

  return o200k;
}
