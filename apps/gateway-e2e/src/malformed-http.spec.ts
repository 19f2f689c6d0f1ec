import { type Harness, startHarness } from './support/gateway-harness';
import { rawExchange, send } from './support/raw-http';

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

  it.each(['/v1/%ZZ', '/stats%ZZ', '/v1/chat/completions%E0%A4%A'])(
    'answers a path with bad percent-encoding (%s) with a counted 400 envelope, never upstream',
    async (path) => {
      harness.upstream.reset();
      const counted = await unmatchedBadRequests();

      const answer = await send(harness.url, {
        method: 'POST',
        path,
        headers: { host: 'x', 'content-type': 'application/json', authorization: 'Bearer sk-t' },
        body: '{}',
      });

      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({
        error: {
          type: 'invalid_request_error',
          message: expect.any(String),
          request_id: answer.headers['x-request-id'],
        },
      });
      expect(harness.upstream.requests).toHaveLength(0);
      expect(await unmatchedBadRequests()).toBe(counted + 1);
    },
  );

  it('answers an HTTP/1.1 request without Host with a 400 envelope, not an empty body', async () => {
    const answer = await rawExchange(harness.url, 'GET /livez HTTP/1.1\r\n\r\n');
    const [head, body] = answer.split('\r\n\r\n');
    const requestId = /^x-request-id: (.+)$/im.exec(head)?.[1];

    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(body)).toEqual({
      error: { type: 'invalid_request_error', message: expect.any(String), request_id: requestId },
    });
  });

  it('still answers HTTP/1.0 without Host', async () => {
    const answer = await rawExchange(harness.url, 'GET /livez HTTP/1.0\r\n\r\n');

    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });

  // What /metrics has counted for unmatched POSTs answered 400.
  async function unmatchedBadRequests(): Promise<number> {
    const text = await (await fetch(`${harness.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find((row) =>
        row.startsWith(
          'headroom_http_requests_total{route="unmatched",method="POST",status="400"}',
        ),
      );

    return line === undefined ? 0 : Number(line.split(' ').pop());
  }
});
