import type { SeededRandom } from '../random/seeded-random';
import type { SoakRequest } from './soak-traffic';

export type BadRequest = Omit<SoakRequest, 'index' | 'kind' | 'shape'>;

/**
 * Client mistakes, taken in turn by the soak: each must get its 4xx in the
 * Headroom envelope. A little seeded noise keeps them from being identical.
 */
export function badRequestCases(
  random: SeededRandom,
  credential: string,
  model: string,
): BadRequest[] {
  const json = { 'content-type': 'application/json', authorization: credential };

  return [
    {
      label: 'bad-request/truncated-json',
      method: 'POST',
      path: '/v1/chat/completions',
      headers: json,
      body: `{"model":"${model}","messages":[{"role":"user","content":"${random.hex(8)}"`,
      expectedStatus: 400,
    },
    {
      label: 'bad-request/null-body',
      method: 'POST',
      path: '/v1/messages',
      headers: json,
      body: 'null',
      expectedStatus: 400,
    },
    {
      label: 'bad-request/compress-without-model',
      method: 'POST',
      path: '/v1/compress',
      headers: json,
      body: JSON.stringify({ messages: [{ role: 'user', content: random.hex(8) }] }),
      expectedStatus: 400,
    },
    {
      label: 'bad-request/malformed-hash',
      method: 'POST',
      path: '/v1/retrieve',
      headers: json,
      body: JSON.stringify({ hash: `not-a-hash-${random.hex(4)}` }),
      expectedStatus: 400,
    },
    {
      label: 'bad-request/unknown-hash',
      method: 'GET',
      path: `/v1/retrieve/${'f'.repeat(8)}${random.hex(16)}`,
      headers: {},
      expectedStatus: 404,
    },
  ];
}
