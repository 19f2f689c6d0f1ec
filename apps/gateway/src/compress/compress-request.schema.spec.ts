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
});
