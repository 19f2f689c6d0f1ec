import { type Harness, sha256, startHarness } from '../support/gateway-harness';
import { rawExchange, send as sendRaw } from '../support/raw-http';

// Client mistakes get a 4xx in the envelope and nothing goes upstream; odd but
// valid bodies go through with the exact bytes the client sent.

type Envelope = { error: { type: string; message: string; request_id: string } };

const KEY = 'key-a';
const HEADERS = {
  'content-type': 'application/json',
  authorization: 'Bearer sk-test',
  'x-headroom-key': KEY,
};

const TOOL_HEAD =
  '{"model":"gpt-4o","messages":[{"role":"user","content":"q"},' +
  '{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",' +
  '"function":{"name":"t","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":';

function toolBody(contentJson: string): string {
  return `${TOOL_HEAD}${contentJson}}]}`;
}

function nestedArrays(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

function nestedObjects(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

type Answer = { status: number; headers: Record<string, unknown>; text: string };

// The catalogue's requests are POSTs whose every header and byte it sets.
async function send(
  url: string,
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = HEADERS,
): Promise<Answer> {
  const answer = await sendRaw(url, { method: 'POST', path, headers, body });

  return { status: answer.status, headers: answer.headers, text: answer.body };
}

function expectEnvelope(answer: Answer, status: number, type?: string): Envelope['error'] {
  expect(answer.status).toBe(status);
  const body = JSON.parse(answer.text) as Envelope;
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.request_id).toBe(answer.headers['x-request-id']);
  if (type) {
    expect(body.error.type).toBe(type);
  }

  return body.error;
}

describe('hardening: bad input catalogue', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      env: { HEADROOM_API_KEYS: `${KEY}:team-a,key-b:team-b`, HEADROOM_MAX_BODY_MB: '1' },
    });
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => harness.upstream.reset());

  describe('bodies that are not a JSON object get 400 and never reach the upstream', () => {
    it.each([
      ['/v1/chat/completions', 'truncated', '{"model":"gpt-4o","messages":[{"role":"user"'],
      ['/v1/messages', 'truncated', '{"model":"c","max_tokens":1,"messages":['],
      ['/v1/responses', 'truncated', '{"model":"c","input":['],
      ['/v1/chat/completions', 'empty', ''],
      ['/v1/messages', 'only whitespace', '  \n '],
      ['/v1/chat/completions', 'null', 'null'],
      ['/v1/messages', 'a number', '42'],
      ['/v1/responses', 'a string', '"hello"'],
      ['/v1/chat/completions', 'form-encoded', 'model=gpt-4o&messages=hi'],
      [
        '/v1/chat/completions',
        'a raw NUL in a string',
        '{"model":"m","messages":[],"x":"a\u0000b"}',
      ],
      ['/v1/messages', 'trailing garbage', '{"model":"c","messages":[]} trailing'],
    ])('%s with %s', async (path, _label, body) => {
      const answer = await send(harness.url, path, body);

      const error = expectEnvelope(answer, 400);
      expect(['invalid_json', 'invalid_request_error']).toContain(error.type);
      expect(harness.upstream.requests).toHaveLength(0);
    });

    it('answers a UTF-16 body with 400 invalid_json', async () => {
      const body = Buffer.from('{"model":"m","messages":[]}', 'utf16le');

      expectEnvelope(await send(harness.url, '/v1/chat/completions', body), 400, 'invalid_json');
      expect(harness.upstream.requests).toHaveLength(0);
    });
  });

  describe('odd but valid bodies pass through byte for byte', () => {
    const bodies: Array<[string, string, string | Buffer]> = [
      [
        '/v1/chat/completions',
        'an unknown role',
        '{"model":"m","messages":[{"role":"wizard","content":"x"}]}',
      ],
      [
        '/v1/chat/completions',
        'a numeric role',
        '{"model":"m","messages":[{"role":7,"content":"x"}]}',
      ],
      ['/v1/chat/completions', 'messages as a string', '{"model":"m","messages":"hello"}'],
      ['/v1/chat/completions', 'messages of scalars', '{"model":"m","messages":[1,null,"x",true]}'],
      [
        '/v1/chat/completions',
        'no model',
        toolBody(JSON.stringify('x'.repeat(3000))).replace('"model":"gpt-4o",', ''),
      ],
      ['/v1/chat/completions', 'an object model', '{"model":{"a":1},"messages":[]}'],
      [
        '/v1/chat/completions',
        'unknown tool content parts',
        toolBody('[{"type":"hologram","data":1},{"type":"text","text":5}]'),
      ],
      [
        '/v1/messages',
        'unknown Anthropic block types',
        '{"model":"c","max_tokens":1,"messages":[{"role":"user","content":[{"type":"hologram"},' +
          '{"type":"tool_result","tool_use_id":"t","content":[{"type":"weird"},{"type":"text"}]}]}]}',
      ],
      [
        '/v1/messages',
        'a tool_result whose content is an object',
        '{"model":"c","max_tokens":1,"messages":[{"role":"user","content":[{"type":"tool_result",' +
          '"tool_use_id":"t","content":{"a":1}}]}]}',
      ],
      [
        '/v1/messages',
        'numeric message content',
        '{"model":"c","max_tokens":1,"messages":[{"role":"user","content":5}]}',
      ],
      ['/v1/responses', 'an object input', '{"model":"c","input":{"x":1}}'],
      [
        '/v1/responses',
        'an object function_call_output',
        '{"model":"c","input":[{"type":"function_call_output","call_id":"c","output":{"x":1}}]}',
      ],
      [
        '/v1/chat/completions',
        'unknown top-level fields',
        '{"zz":1,"model":"m","messages":[],"aa":[{"b":null}]}',
      ],
      [
        '/v1/chat/completions',
        '100,000-deep arrays at top level',
        `{"model":"m","messages":[],"x":${nestedArrays(100_000)}}`,
      ],
      [
        '/v1/chat/completions',
        '100,000-deep objects at top level',
        `{"model":"m","messages":[],"x":${nestedObjects(100_000)}}`,
      ],
      [
        '/v1/messages',
        '100,000-deep arrays in metadata',
        `{"model":"c","max_tokens":1,"messages":[],"metadata":${nestedArrays(100_000)}}`,
      ],
      [
        '/v1/responses',
        '100,000-deep objects in metadata',
        `{"model":"c","input":[],"metadata":${nestedObjects(100_000)}}`,
      ],
      [
        '/v1/chat/completions',
        'a tool message that is 100,000-deep JSON',
        toolBody(nestedArrays(100_000)),
      ],
      [
        '/v1/chat/completions',
        'tool text holding 100,000-deep arrays',
        toolBody(JSON.stringify(nestedArrays(100_000))),
      ],
      [
        '/v1/chat/completions',
        'tool text holding 100,000-deep objects',
        toolBody(JSON.stringify(nestedObjects(100_000))),
      ],
      [
        '/v1/messages',
        'a tool_result holding 100,000-deep objects',
        `{"model":"c","max_tokens":1,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":${JSON.stringify(nestedObjects(100_000))}}]}]}`,
      ],
      [
        '/v1/chat/completions',
        'lone surrogate escapes',
        toolBody('"\\ud800 one \\udc00 two \\udbff"'),
      ],
      [
        '/v1/chat/completions',
        'invalid UTF-8 in a tool result',
        Buffer.concat([
          Buffer.from(`${TOOL_HEAD}"x`),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
          Buffer.from('"}]}'),
        ]),
      ],
      [
        '/v1/chat/completions',
        'invalid UTF-8 outside the live zone',
        Buffer.concat([
          Buffer.from('{"x":"'),
          Buffer.from([0xc0, 0x80, 0xed, 0xa0, 0x80]),
          Buffer.from('","model":"m","messages":[]}'),
        ]),
      ],
      [
        '/v1/chat/completions',
        'a byte-order mark',
        Buffer.concat([
          Buffer.from([0xef, 0xbb, 0xbf]),
          Buffer.from('{"model":"m","messages":[]}'),
        ]),
      ],
    ];

    it.each(bodies)('%s with %s', async (path, _label, body) => {
      const answer = await send(harness.url, path, body);

      expect(answer.status).toBe(200);
      expect(harness.upstream.requests).toHaveLength(1);
      expect(harness.upstream.requests[0].sha256).toBe(sha256(body));
    });

    it('passes a JSON body sent as text/plain through untouched', async () => {
      const body = '{"model":"m","messages":[{"role":"user","content":"hi"}]}';
      const answer = await send(harness.url, '/v1/chat/completions', body, {
        ...HEADERS,
        'content-type': 'text/plain',
      });

      expect(answer.status).toBe(200);
      expect(harness.upstream.requests[0].sha256).toBe(sha256(body));
    });

    it('passes a body it cannot decode (claimed br) through with its encoding', async () => {
      const answer = await send(harness.url, '/v1/messages', 'not brotli', {
        ...HEADERS,
        'content-encoding': 'br',
      });

      expect(answer.status).toBe(200);
      expect(harness.upstream.requests[0].body.toString()).toBe('not brotli');
      expect(harness.upstream.requests[0].headers['content-encoding']).toBe('br');
    });
  });

  describe('binary and base64 in text fields', () => {
    it('forwards a base64 image block in a user message byte for byte', async () => {
      const data = Buffer.alloc(300_000, 7).toString('base64');
      const body = JSON.stringify({
        model: 'gpt-4o',
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${data}` } }],
          },
        ],
      });
      const answer = await send(harness.url, '/v1/chat/completions', body);

      expect(answer.status).toBe(200);
      expect(harness.upstream.requests[0].sha256).toBe(sha256(body));
    });

    it('keeps an Anthropic image inside a tool_result exactly as sent', async () => {
      const data = Buffer.alloc(120_000, 3).toString('base64');
      const rows = JSON.stringify(
        Array.from({ length: 300 }, (_, i) => ({ id: i, sku: `SKU-${i}`, status: 'ok' })),
      );
      const body = JSON.stringify({
        model: 'claude-sonnet-4-5',
        max_tokens: 1,
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 't',
                content: [
                  { type: 'image', source: { type: 'base64', media_type: 'image/png', data } },
                  { type: 'text', text: rows },
                ],
              },
            ],
          },
        ],
      });
      const answer = await send(harness.url, '/v1/messages', body);

      expect(answer.status).toBe(200);
      const forwarded = JSON.parse(harness.upstream.requests[0].body.toString()) as {
        messages: Array<{ content: Array<{ content: Array<{ source?: { data: string } }> }> }>;
      };
      expect(forwarded.messages[0].content[0].content[0].source?.data).toBe(data);
    });

    it('answers base64 and escaped binary tool output without error, as valid JSON upstream', async () => {
      let binary = '';
      for (let i = 0; i < 20_000; i += 1) binary += String.fromCharCode((i * 37) % 256);
      for (const content of [binary, Buffer.alloc(200_000, 9).toString('base64')]) {
        harness.upstream.reset();
        const answer = await send(
          harness.url,
          '/v1/chat/completions',
          toolBody(JSON.stringify(content)),
        );

        expect(answer.status).toBe(200);
        expect(() => JSON.parse(harness.upstream.requests[0].body.toString())).not.toThrow();
      }
    });
  });

  describe('sizes', () => {
    it('answers a body over HEADROOM_MAX_BODY_MB with a 413 envelope', async () => {
      const answer = await send(
        harness.url,
        '/v1/messages',
        toolBody(JSON.stringify('z'.repeat(1_200_000))),
      );

      expectEnvelope(answer, 413, 'request_too_large');
      expect(harness.upstream.requests).toHaveLength(0);
    });

    it('answers header blocks over the HTTP limit with 431 and keeps serving', async () => {
      const big = 'a'.repeat(20_000);
      const response = await rawExchange(
        harness.url,
        `GET /livez HTTP/1.1\r\nHost: x\r\nx-big: ${big}\r\nConnection: close\r\n\r\n`,
      );

      expect(response).toMatch(/^HTTP\/1\.1 431 /);
      expect((await fetch(`${harness.url}/livez`)).status).toBe(200);
    });

    it('accepts 200 small headers and forwards every client one', async () => {
      const extra: Record<string, string> = {};
      for (let i = 0; i < 200; i += 1) extra[`x-h${i}`] = 'v';
      const answer = await send(
        harness.url,
        '/v1/chat/completions',
        '{"model":"m","messages":[]}',
        {
          ...HEADERS,
          ...extra,
        },
      );

      expect(answer.status).toBe(200);
      expect(harness.upstream.requests[0].headers['x-h199']).toBe('v');
    });
  });

  describe('control headers', () => {
    it.each([
      ['x-headroom-mode', '4,000 characters', 'x'.repeat(4000)],
      ['x-headroom-mode', 'empty', ''],
      ['x-headroom-mode', 'non-ASCII', 'lössless'],
      ['x-headroom-mode', 'a value with a suffix', 'passthrough; drop table'],
      ['x-headroom-bypass', 'yes', 'yes'],
      ['x-headroom-session-id', 'a space', 'has space'],
      ['x-headroom-session-id', '201 characters', 's'.repeat(201)],
    ])('rejects %s (%s) with a 400 envelope', async (name, _label, value) => {
      const answer = await send(
        harness.url,
        '/v1/chat/completions',
        '{"model":"m","messages":[]}',
        {
          ...HEADERS,
          [name]: value,
        },
      );

      expectEnvelope(answer, 400, 'invalid_request_error');
      expect(harness.upstream.requests).toHaveLength(0);
    });

    it.each([
      ['x-headroom-mode', 'passthrough', 'lossless'],
      ['x-headroom-bypass', 'true', 'false'],
      ['x-headroom-session-id', 'a', 'b'],
    ])('rejects a duplicated %s with a 400 envelope', async (name, first, second) => {
      const body = '{"model":"m","messages":[]}';
      const response = await rawExchange(
        harness.url,
        `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n` +
          `x-headroom-key: ${KEY}\r\n${name}: ${first}\r\n${name}: ${second}\r\n` +
          `content-length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );

      expect(response).toMatch(/^HTTP\/1\.1 400 /);
      expect(response).toContain('"type":"invalid_request_error"');
      expect(harness.upstream.requests).toHaveLength(0);
    });

    it('does not let a second x-headroom-key pick a tenant', async () => {
      const body = '{"model":"m","messages":[]}';
      const response = await rawExchange(
        harness.url,
        `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n` +
          `x-headroom-key: ${KEY}\r\nx-headroom-key: key-b\r\n` +
          `content-length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );

      expect(response).toMatch(/^HTTP\/1\.1 401 /);
      expect(harness.upstream.requests).toHaveLength(0);
    });

    it.each([
      ['a bare CR in a header value', 'x-headroom-mode: lossless\rInjected: 1\r\n'],
      ['a bare LF ending a header line', 'x-headroom-mode: lossless\nInjected: 1\r\n'],
      ['a NUL in a header value', 'x-foo: a\u0000b\r\n'],
      ['two differing content-lengths', 'content-length: 3\r\n'],
    ])('refuses %s with a 400 and sends nothing upstream', async (_label, line) => {
      const body = '{"model":"m","messages":[]}';
      const response = await rawExchange(
        harness.url,
        `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n` +
          `x-headroom-key: ${KEY}\r\n${line}content-length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );

      expect(response).toMatch(/^HTTP\/1\.1 400 /);
      expect(harness.upstream.requests).toHaveLength(0);
    });
  });

  describe('/v1/compress and /v1/retrieve with wrong shapes', () => {
    it.each([
      ['', 'invalid_json'],
      ['{', 'invalid_json'],
      ['[]', 'invalid_request_error'],
      ['{"model":"gpt-4o"}', 'invalid_request_error'],
      ['{"model":"gpt-4o","messages":"x"}', 'invalid_request_error'],
      ['{"messages":[]}', 'invalid_request_error'],
      ['{"model":"","messages":[]}', 'invalid_request_error'],
      ['{"model":5,"messages":[]}', 'invalid_request_error'],
      ['{"model":"gpt-4o","messages":[],"token_budget":-1}', 'invalid_request_error'],
      ['{"model":"gpt-4o","messages":[],"token_budget":1.5}', 'invalid_request_error'],
      ['{"model":"gpt-4o","messages":[],"config":"x"}', 'invalid_request_error'],
      ['{"model":"gpt-4o","messages":[],"config":[]}', 'invalid_request_error'],
    ])('compress %j → 4xx envelope', async (body, type) => {
      expectEnvelope(await send(harness.url, '/v1/compress', body), 400, type);
    });

    it.each([
      ['', 'invalid_json'],
      ['{}', 'invalid_request_error'],
      ['{"hash":5}', 'invalid_request_error'],
      ['{"hash":"zz"}', 'invalid_request_error'],
      ['{"hash":"0123456789ABCDEF0123456g"}', 'invalid_request_error'],
    ])('retrieve %j → 400 envelope', async (body, type) => {
      expectEnvelope(await send(harness.url, '/v1/retrieve', body), 400, type);
    });

    it('answers invalid UTF-8 on /v1/compress with 400 instead of replacement characters', async () => {
      const body = Buffer.concat([
        Buffer.from('{"model":"gpt-4o","messages":[{"role":"user","content":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}]}'),
      ]);

      expectEnvelope(await send(harness.url, '/v1/compress', body), 400, 'invalid_json');
    });

    const HASH = '0123456789abcdef01234567';

    it.each([
      ['GET', '/v1/compress', 'POST'],
      ['GET', '/v1/compress/', 'POST'],
      ['PUT', '/v1/retrieve', 'POST'],
      ['DELETE', '/v1/retrieve/tool_call', 'POST'],
      ['PATCH', '/v1/retrieve/tool_call/', 'POST'],
      ...['POST', 'PUT', 'PATCH', 'DELETE'].flatMap((method) => [
        [method, '/v1/retrieve/stats', 'GET'],
        [method, '/v1/retrieve/stats/', 'GET'],
        [method, `/v1/retrieve/${HASH}`, 'GET'],
        [method, `/v1/retrieve/${HASH}/`, 'GET'],
      ]),
    ])('answers %s %s with 405 and never forwards it upstream', async (method, path, allow) => {
      const response = await fetch(`${harness.url}${path}`, {
        method,
        headers: HEADERS,
        body: method === 'GET' ? undefined : '{}',
      });
      const envelope = (await response.json()) as Envelope;

      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect(envelope.error.type).toBe('method_not_allowed');
      expect(envelope.error.request_id).toBe(response.headers.get('x-request-id'));
      expect(harness.upstream.requests).toHaveLength(0);
    });

    it.each([
      ['GET', '/v1/compress/anything'],
      ['POST', '/v1/retrieve/stats/more'],
      ['GET', `/v1/retrieve/${HASH}/more`],
      ['DELETE', '/v1/retrieve/a/b/c/'],
    ])(
      'answers %s %s, under a Headroom path, with 404 and never forwards it',
      async (method, path) => {
        const response = await fetch(`${harness.url}${path}`, {
          method,
          headers: HEADERS,
          body: method === 'GET' ? undefined : '{}',
        });
        const envelope = (await response.json()) as Envelope;

        expect(response.status).toBe(404);
        expect(envelope.error.type).toBe('not_found_error');
        expect(harness.upstream.requests).toHaveLength(0);
      },
    );

    it.each(['/v1/retrieve/stats/', '/v1/retrieve/stats//?x=1'])(
      'answers GET %s as the stats route, not upstream',
      async (path) => {
        const response = await fetch(`${harness.url}${path}`, { headers: HEADERS });

        expect(response.status).toBe(200);
        expect(await response.json()).not.toHaveProperty('error');
        expect(harness.upstream.requests).toHaveLength(0);
      },
    );

    it('answers an unknown but well-formed hash with 404', async () => {
      expectEnvelope(
        await send(harness.url, '/v1/retrieve', '{"hash":"0123456789abcdef01234567"}'),
        404,
        'not_found_error',
      );
    });

    it.each(['..%2f..%2fetc%2fpasswd', 'ZZZZ', '0123456789abcdef012345670'])(
      'answers GET /v1/retrieve/%s with a 400 envelope',
      async (hash) => {
        const response = await fetch(`${harness.url}/v1/retrieve/${hash}`, { headers: HEADERS });
        const answer = {
          status: response.status,
          headers: Object.fromEntries(response.headers),
          text: await response.text(),
        };

        expectEnvelope(answer, 400, 'invalid_request_error');
      },
    );

    it.each(['{}', '{"tool_call":5}', '{"tool_call":{"function":{"arguments":"{{{"}}}'])(
      'answers a broken /v1/retrieve/tool_call %j with a 400 envelope',
      async (body) => {
        expectEnvelope(await send(harness.url, '/v1/retrieve/tool_call', body), 400);
      },
    );

    it('needs a gateway key on compress and retrieve', async () => {
      const headers = { 'content-type': 'application/json' };

      expectEnvelope(
        await send(harness.url, '/v1/compress', '{"model":"gpt-4o","messages":[]}', headers),
        401,
        'authentication_error',
      );
      expectEnvelope(
        await send(harness.url, '/v1/retrieve', '{"hash":"0123456789abcdef01234567"}', headers),
        401,
        'authentication_error',
      );
    });
  });

  it('is still alive after the whole catalogue', async () => {
    expect((await fetch(`${harness.url}/livez`)).status).toBe(200);
  });
});
