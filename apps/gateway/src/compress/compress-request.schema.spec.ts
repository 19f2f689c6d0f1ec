import { HeadroomError } from '@headroom/contracts';
import { parseCompressRequest } from './compress-request.schema';

describe('parseCompressRequest', () => {
  const body = (messages: string) => Buffer.from(`{"model":"gpt-4o","messages":${messages}}`);

  it('accepts ordinary messages', () => {
    expect(parseCompressRequest(body('[{"role":"user","content":"hi"}]')).messages).toHaveLength(1);
  });

  it('refuses nesting no serialiser could write back, as a client error', () => {
    const deep = `[{"role":"tool","content":${'['.repeat(100_000)}${']'.repeat(100_000)}}]`;

    expect(() => parseCompressRequest(body(deep))).toThrow(HeadroomError);
    expect(() => parseCompressRequest(body(deep))).toThrow(/deeper than 512/);
  });

  it('refuses bytes that are not UTF-8 instead of answering with replacement characters', () => {
    const invalid = Buffer.concat([
      Buffer.from('{"model":"gpt-4o","messages":[{"role":"user","content":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}]}'),
    ]);

    expect(() => parseCompressRequest(invalid)).toThrow(/not valid UTF-8/);
  });
});
