import { checkAnswer } from './soak-client';

describe(checkAnswer.name, () => {
  it('accepts only finished streams', () => {
    expect(checkAnswer('openai-sse', 'data: {"a":1}\n\ndata: [DONE]\n\n').problem).toBeUndefined();
    expect(checkAnswer('openai-sse', 'data: {"a":1}\n\n').problem).toMatch(/DONE/);
    expect(
      checkAnswer('anthropic-sse', 'event: message_stop\ndata: {}\n\n').problem,
    ).toBeUndefined();
    expect(checkAnswer('anthropic-sse', 'event: content_block_delta\n').problem).toMatch(
      /message_stop/,
    );
  });

  it('takes the CCR keys from a compress answer and drops anything that is not one', () => {
    const hash = 'a'.repeat(24);
    const answer = checkAnswer(
      'compress',
      JSON.stringify({ messages: [], ccr_hashes: [hash, 'nope'] }),
    );

    expect(answer).toEqual({ hashes: [hash] });
  });

  it('wants the exact Headroom envelope for an error', () => {
    const envelope = { error: { type: 'invalid_json', message: 'x', request_id: 'r' } };

    expect(checkAnswer('envelope', JSON.stringify(envelope)).problem).toBeUndefined();
    expect(checkAnswer('envelope', JSON.stringify({ ...envelope, detail: 1 })).problem).toMatch(
      /envelope/,
    );
    expect(checkAnswer('envelope', '{"error":"bad"}').problem).toMatch(/envelope/);
    expect(checkAnswer('envelope', '<html>').problem).toMatch(/not JSON/);
  });

  it('wants the original in a retrieve answer', () => {
    expect(checkAnswer('retrieve', '{"hash":"h","original_content":"x"}').problem).toBeUndefined();
    expect(checkAnswer('retrieve', '{"hash":"h"}').problem).toMatch(/original_content/);
  });
});
