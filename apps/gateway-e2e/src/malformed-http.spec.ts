import { type Harness, startHarness } from './support/gateway-harness';
import { rawExchange } from './support/raw-http';

describe('requests the HTTP parser rejects', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it.each([
    ['a bare LF in a header value', 'GET /livez HTTP/1.1\r\nHost: x\r\nX-A: a\nb\r\n\r\n', 400],
    [
      'two different content-lengths',
      'POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
      400,
    ],
    [
      'a header block over the limit',
      `GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
    ],
  ])('answers %s in the envelope', async (_case, bytes, status) => {
    const answer = await rawExchange(harness.url, bytes);
    const [head, body] = answer.split('\r\n\r\n');

    expect(head.split('\r\n')[0]).toBe(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`,
    );
    expect(JSON.parse(body)).toMatchObject({
      error: { type: expect.any(String), request_id: expect.any(String) },
    });
  });
});
