import { connect } from 'node:net';
import { FakeUpstream, openAIChatCompletion, type ScriptedReply } from '@headroom/testing';
import { type Harness, startHarness } from '../support/gateway-harness';
import { errorType, rawExchange, send } from '../support/raw-http';

// What a request can make the gateway do at the HTTP layer: answer another
// origin, connect somewhere else, or hold a socket for ever.

const EVIL = 'https://evil.example';
const LISTED = 'https://app.example.com';
const CHAT = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });

function corsHeadersOf(headers: Record<string, unknown>): string[] {
  return Object.keys(headers).filter((name) => name.startsWith('access-control-'));
}

// An upstream as permissive as some real ones: it would open the gateway to any page.
const PERMISSIVE = {
  'access-control-allow-origin': '*',
  'access-control-allow-credentials': 'true',
  'access-control-allow-headers': '*',
};

function preflight(origin: string, path = '/v1/chat/completions') {
  return {
    method: 'OPTIONS',
    path,
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, x-headroom-key',
    },
  };
}

describe('security: CORS', () => {
  describe('by default', () => {
    let harness: Harness;

    beforeAll(async () => {
      harness = await startHarness();
    });

    afterAll(async () => {
      await harness.close();
    });

    beforeEach(() => harness.upstream.reset());

    it.each(['/v1/chat/completions', '/v1/models', '/v1/retrieve/stats', '/stats', '/dashboard'])(
      'answers a preflight for %s itself, with 403 and no CORS grant, never upstream',
      async (path) => {
        const answer = await send(harness.url, preflight(EVIL, path));

        expect([answer.status, errorType(answer.body)]).toEqual([403, 'permission_error']);
        expect(corsHeadersOf(answer.headers)).toEqual([]);
        expect(harness.upstream.requests).toHaveLength(0);
      },
    );

    it.each([
      ['POST', '/v1/chat/completions', 'text/plain'],
      ['POST', '/v1/compress', 'text/plain'],
      ['GET', '/v1/models', undefined],
      ['GET', '/stats', undefined],
    ])('refuses a simple cross-origin %s %s before any work', async (method, path, type) => {
      for (const origin of [EVIL, 'null', `http://localhost:${new URL(harness.url).port}`]) {
        const answer = await send(harness.url, {
          method,
          path,
          headers: { origin, ...(type ? { 'content-type': type } : {}) },
          body: method === 'POST' ? CHAT : undefined,
        });

        expect([origin, answer.status, errorType(answer.body)]).toEqual([
          origin,
          403,
          'permission_error',
        ]);
        expect(corsHeadersOf(answer.headers)).toEqual([]);
      }
      expect(harness.upstream.requests).toHaveLength(0);
    });

    // The gateway's own origin (the dashboard's fetches) is served, and an
    // upstream's grant is still dropped: the answer opens nothing to others.
    it.each([
      ['JSON', { kind: 'json', headers: PERMISSIVE, body: openAIChatCompletion({ text: 'hi' }) }],
      [
        'SSE',
        {
          kind: 'sse',
          headers: PERMISSIVE,
          events: [{ data: { choices: [{ delta: { content: 'x' } }] } }, { data: '[DONE]' }],
        },
      ],
    ] satisfies Array<[string, ScriptedReply]>)(
      'serves its own origin and drops the upstream grant (%s)',
      async (_label, reply) => {
        harness.upstream.enqueue(reply);
        const answer = await send(harness.url, {
          method: 'POST',
          path: '/v1/chat/completions',
          headers: { origin: harness.url, 'content-type': 'application/json' },
          body: JSON.stringify({ ...JSON.parse(CHAT), stream: reply.kind === 'sse' }),
        });

        expect(answer.status).toBe(200);
        expect(harness.upstream.requests).toHaveLength(1);
        expect(corsHeadersOf(answer.headers)).toEqual([]);
      },
    );
  });

  describe(`with HEADROOM_CORS_ORIGINS=${LISTED}`, () => {
    let harness: Harness;

    beforeAll(async () => {
      harness = await startHarness({ env: { HEADROOM_CORS_ORIGINS: LISTED } });
    });

    afterAll(async () => {
      await harness.close();
    });

    beforeEach(() => harness.upstream.reset());

    it('grants a preflight from the listed origin, without asking the upstream', async () => {
      const answer = await send(harness.url, preflight(LISTED));

      expect(answer.status).toBe(204);
      expect(answer.headers).toMatchObject({
        'access-control-allow-origin': LISTED,
        'access-control-allow-headers': 'authorization, content-type, x-headroom-key',
        vary: expect.stringMatching(/Origin/),
      });
      expect(answer.headers['access-control-allow-methods']).toMatch(/POST/);
      expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
      expect(harness.upstream.requests).toHaveLength(0);
    });

    it.each([EVIL, 'https://app.example.com.evil.example', 'http://app.example.com', 'null'])(
      'refuses a preflight from %s',
      async (origin) => {
        const answer = await send(harness.url, preflight(origin));

        expect(answer.status).toBe(403);
        expect(corsHeadersOf(answer.headers)).toEqual([]);
      },
    );

    it("answers the listed origin with its own grant in place of the upstream's", async () => {
      const ask = (origin: string) => {
        harness.upstream.enqueue({
          kind: 'json',
          headers: PERMISSIVE,
          body: openAIChatCompletion({ text: 'hi' }),
        });

        return send(harness.url, {
          method: 'POST',
          path: '/v1/chat/completions',
          headers: { origin, 'content-type': 'application/json' },
          body: CHAT,
        });
      };
      const listed = await ask(LISTED);
      const other = await ask(EVIL);

      expect(listed.headers['access-control-allow-origin']).toBe(LISTED);
      expect(listed.headers['access-control-allow-credentials']).toBeUndefined();
      expect(listed.headers['access-control-expose-headers']).toBe('x-request-id');
      expect([other.status, corsHeadersOf(other.headers)]).toEqual([403, []]);
      expect(other.headers['vary']).toMatch(/Origin/);
      expect(harness.upstream.requests).toHaveLength(1);
    });
  });
});

describe('security: the upstream comes from configuration only (BL-38)', () => {
  let harness: Harness;
  let other: FakeUpstream;
  let otherHost: string;

  beforeAll(async () => {
    harness = await startHarness({ separateAnthropic: true });
    other = await FakeUpstream.start();
    otherHost = new URL(other.url).host;
  });

  afterAll(async () => {
    await harness.close();
    await other.close();
  });

  beforeEach(() => {
    harness.upstream.reset();
    harness.anthropic.reset();
  });

  afterEach(() => {
    expect(other.requests).toHaveLength(0);
  });

  const steering = (host: string): Array<[string, Record<string, string>]> => [
    ['Host', { host }],
    ['X-Forwarded-Host and -Proto', { 'x-forwarded-host': host, 'x-forwarded-proto': 'http' }],
    ['Forwarded', { forwarded: `host=${host};proto=http` }],
    [
      'X-Forwarded-Port and -Prefix',
      { 'x-forwarded-port': host.split(':')[1], 'x-forwarded-prefix': `//${host}` },
    ],
    [
      'X-Original-URL and X-Rewrite-URL',
      {
        'x-original-url': `http://${host}/v1/chat/completions`,
        'x-rewrite-url': `http://${host}/`,
      },
    ],
    [
      'base-URL headers',
      {
        'x-base-url': `http://${host}`,
        'openai-base-url': `http://${host}`,
        'anthropic-base-url': `http://${host}`,
        'x-headroom-upstream': `http://${host}`,
      },
    ],
  ];

  it.each(['openai', 'anthropic'] as const)(
    'ignores every header that could name another %s host',
    async (provider) => {
      for (const [label, headers] of steering(otherHost)) {
        const path = provider === 'openai' ? '/v1/chat/completions' : '/v1/messages';
        const answer = await send(harness.url, {
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', ...headers },
          body: CHAT,
        });
        const configured = provider === 'openai' ? harness.upstream : harness.anthropic;

        expect([label, answer.status]).toEqual([label, 200]);
        expect([label, configured.lastRequest?.path]).toEqual([label, path]);
        // The configured upstream's own authority, never the requested one.
        expect(configured.lastRequest?.headers.host).toBe(new URL(configured.url).host);
      }
    },
  );

  it('ignores body fields that name another base URL', async () => {
    const body = JSON.stringify({
      ...JSON.parse(CHAT),
      base_url: other.url,
      baseURL: other.url,
      api_base: other.url,
      url: `${other.url}/v1/chat/completions`,
      endpoint: other.url,
    });
    const answer = await send(harness.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json' },
      body,
    });

    expect(answer.status).toBe(200);
    expect(harness.upstream.lastRequest?.body.toString('utf8')).toBe(body);
  });

  // The request line's target: whatever host it names, only its path may
  // reach the configured upstream (RFC 9112 §3.2.2: absolute-form is taken
  // for its path; a server is no forward proxy).
  it.each([
    [
      'an absolute-form target',
      'POST http://HOST/v1/chat/completions?x=1',
      200,
      '/v1/chat/completions?x=1',
    ],
    ['an absolute-form target with no path', 'POST http://HOST', 404, undefined],
    ['a protocol-relative path', 'POST //HOST/v1/chat/completions', 404, undefined],
    ['a userinfo-looking path', 'POST /v1/chat/completions@HOST', 200, '/v1/chat/completions@HOST'],
    ['CONNECT', 'CONNECT HOST', 400, undefined],
  ])('never connects elsewhere for %s', async (_label, target, status, upstreamPath) => {
    const answer = await rawExchange(
      harness.url,
      `${target.replace('HOST', otherHost)} HTTP/1.1\r\nHost: ${otherHost}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${CHAT.length}\r\n` +
        `Connection: close\r\n\r\n${CHAT}`,
    );

    expect(Number(answer.split(' ')[1])).toBe(status);
    expect(harness.upstream.requests.map((request) => request.path)).toEqual(
      upstreamPath === undefined ? [] : [upstreamPath.replace('HOST', otherHost)],
    );
    if (status >= 400) {
      expect(errorType(answer.split('\r\n\r\n')[1] ?? '')).toEqual(expect.any(String));
    }
  });
});

describe('security: size and time limits', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      env: {
        HEADROOM_MAX_BODY_MB: '1',
        HEADROOM_HEADERS_TIMEOUT_MS: '1000',
        HEADROOM_REQUEST_TIMEOUT_MS: '2000',
      },
    });
  });

  afterAll(async () => {
    await harness.close();
  });

  const statusLine = (answer: string) => answer.split('\r\n')[0];
  const envelopeOf = (answer: string) => errorType(answer.split('\r\n\r\n')[1] ?? '');

  it.each([
    ['one 100 KB header', `X-Big: ${'a'.repeat(100_000)}\r\n`],
    ['3,000 small headers', Array.from({ length: 3000 }, (_, i) => `x-${i}: 1\r\n`).join('')],
  ])('answers %s with 431 in the envelope', async (_label, headers) => {
    const answer = await rawExchange(
      harness.url,
      `GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`,
    );

    expect(statusLine(answer)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(envelopeOf(answer)).toBe('headers_too_large');
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it.each(['/v1/compress', '/v1/retrieve', '/v1/responses'])(
    'answers a body over the limit on %s with 413 in the envelope',
    async (path) => {
      const answer = await send(harness.url, {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: `{"pad":"${'x'.repeat(1024 * 1024 + 10)}"}`,
      });

      expect([answer.status, errorType(answer.body)]).toEqual([413, 'request_too_large']);
    },
  );

  it('refuses a declared length over the limit before reading the body', async () => {
    const answer = await rawExchange(
      harness.url,
      'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        'Content-Type: application/json\r\nContent-Length: 900000000\r\nConnection: close\r\n\r\n{',
    );

    expect(statusLine(answer)).toBe('HTTP/1.1 413 Payload Too Large');
    expect(envelopeOf(answer)).toBe('request_too_large');
  });

  // Slowloris: one byte at a time keeps a socket (and its memory) busy for ever
  // unless the server sets a deadline for the headers and for the whole request.
  it.each([
    ['headers', 'GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Drip: 1\r\n', 1000],
    [
      'a body',
      'POST /v1/compress HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
      ' ',
      2000,
    ],
  ])('cuts a client that drips %s, with 408', async (_label, head, drip, limitMs) => {
    const { port } = new URL(harness.url);
    const startedAt = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(head));
      const timer = setInterval(() => socket.writable && socket.write(drip), 200);
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
      socket.on('close', () => {
        clearInterval(timer);
        resolve(received);
      });
      socket.on('error', reject);
    });
    const elapsedMs = Date.now() - startedAt;

    expect(statusLine(answer)).toBe('HTTP/1.1 408 Request Timeout');
    expect(envelopeOf(answer)).toBe('request_timeout');
    expect(elapsedMs).toBeGreaterThanOrEqual(limitMs - 50);
    expect(elapsedMs).toBeLessThan(limitMs + 2_000);
  });

  it('never cuts an answer that streams for longer than the request timeout', async () => {
    const events = Array.from({ length: 12 }, (_, i) => ({
      data: { choices: [{ index: 0, delta: { content: `part ${i} ` } }] },
    }));
    harness.upstream.enqueue({
      kind: 'sse',
      intervalMs: 250,
      events: [...events, { data: '[DONE]' }],
    });
    const startedAt = Date.now();
    const answer = await send(harness.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...JSON.parse(CHAT), stream: true }),
    });

    expect(Date.now() - startedAt).toBeGreaterThan(2_500);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('part 11');
    expect(answer.body).toContain('[DONE]');
  });

  // Framing a front proxy could read differently is refused outright, so no
  // second request can hide inside the first (request smuggling).
  it.each([
    ['chunked with a content-length', 'Transfer-Encoding: chunked\r\nContent-Length: 4\r\n'],
    ['a doubled chunked', 'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n'],
    ['an obfuscated encoding', 'Transfer-Encoding: xchunked\r\n'],
  ])('answers %s with 400 and never calls upstream', async (_label, framing) => {
    harness.upstream.reset();
    const answer = await rawExchange(
      harness.url,
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n${framing}\r\n` +
        '0\r\n\r\nGET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    );

    expect(statusLine(answer)).toMatch(/^HTTP\/1\.1 (400|501) /);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('does not upgrade a connection, and forwards no upgrade headers', async () => {
    harness.upstream.reset();
    const answer = await send(harness.url, {
      path: '/v1/models',
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13' },
    });

    expect(answer.status).not.toBe(101);
    for (const request of harness.upstream.requests) {
      expect(request.headers['upgrade']).toBeUndefined();
    }
  });

  it('is still serving after all of it', async () => {
    expect((await send(harness.url, { path: '/livez' })).status).toBe(200);
  });
});
