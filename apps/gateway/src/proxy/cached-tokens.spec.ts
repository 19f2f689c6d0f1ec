import { cachedTokensIn } from './cached-tokens';

describe('cachedTokensIn', () => {
  it.each([
    ['{"usage":{"prompt_tokens":9,"prompt_tokens_details":{"cached_tokens":1024}}}', 1024],
    ['event: message_start\ndata: {"message":{"usage":{"cache_read_input_tokens": 77}}}\n\n', 77],
    ['{"usage":{"input_tokens_details":{"cached_tokens":0}}}', 0],
    ['{"usage":{"prompt_tokens":9}}', undefined],
  ])('%s → %s', (text, expected) => {
    expect(cachedTokensIn(Buffer.from(text))).toBe(expected);
  });
});
