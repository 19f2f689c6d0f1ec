import { countTokens as countO200k } from 'gpt-tokenizer/cjs/encoding/o200k_base';

// Special-token strings in tool output are text to count, not an error.
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** Real tokens (o200k_base), the acceptance measure of every quality number. */
export function countTokens(text: string): number {
  return countO200k(text, AS_TEXT);
}
