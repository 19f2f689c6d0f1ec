import { HeadroomError } from '@headroom/contracts';
import type { CompressionPipeline } from '@headroom/pipeline';
import { closedPort, type Harness, sha256, startHarness } from './support/gateway-harness';
import { pipelineWith, stubResult } from './support/test-pipelines';

const JSON_HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-test' };
const CHAT_BODY = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'hi' }],
});

async function envelope(
  response: Response,
): Promise<{ type: string; message: string; request_id: string }> {
  const body = (await response.json()) as {
    error: { type: string; message: string; request_id: string };
  };

  expect(Object.keys(body)).toEqual(['error']);

  return body.error;
}

describe('bad input and failures', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      env: { HEADROOM_MAX_BODY_MB: '0.05', HEADROOM_UPSTREAM_HEADERS_TIMEOUT_MS: '300' },
    });
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => harness.upstream.reset());

  it.each([
    ['malformed JSON', '{"model": "gpt-4o-mini", "messages": ['],
    ['a JSON array', '[1, 2, 3]'],
    ['an empty body', ''],
  ])('answers %s with a 400 envelope and sends nothing upstream', async (_label, body) => {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body,
    });

    expect(response.status).toBe(400);
    const error = await envelope(response);
    expect(['invalid_json', 'invalid_request_error']).toContain(error.type);
    expect(error.request_id).toBe(response.headers.get('x-request-id'));
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('answers an oversize body with a 413 envelope', async () => {
    const body = JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'x'.repeat(80_000) }],
    });

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body,
    });

    expect(response.status).toBe(413);
    const error = await envelope(response);
    expect(error.type).toBe('request_too_large');
    expect(error.message).toMatch(/HEADROOM_MAX_BODY_MB/);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it.each([[{ 'x-headroom-mode': 'turbo' }], [{ 'x-headroom-bypass': 'maybe' }]])(
    'rejects an invalid control header %j with 400',
    async (control) => {
      const response = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { ...JSON_HEADERS, ...control },
        body: CHAT_BODY,
      });

      expect(response.status).toBe(400);
      expect((await envelope(response)).type).toBe('invalid_request_error');
    },
  );

  it('relays an upstream 4xx with its status, body and headers as is', async () => {
    const body =
      '{"error":{"message":"bad model","type":"invalid_request_error","param":"model","code":null}}';
    harness.upstream.enqueue({
      kind: 'raw',
      status: 404,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_up_1' },
      body,
    });

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: CHAT_BODY,
    });

    expect(response.status).toBe(404);
    expect(await response.text()).toBe(body);
    expect(response.headers.get('x-upstream-request-id')).toBe('req_up_1');
    expect(response.headers.get('x-request-id')).not.toBe('req_up_1');
  });

  it('answers 504 in the envelope when the upstream does not answer in time', async () => {
    harness.upstream.enqueue({ kind: 'hang' });

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: CHAT_BODY,
    });

    expect(response.status).toBe(504);
    expect((await envelope(response)).type).toBe('upstream_timeout');
  });

  it('echoes a client x-request-id and replaces an unsafe one', async () => {
    const kept = await fetch(`${harness.url}/health`, {
      headers: { 'x-request-id': 'client-id-42' },
    });
    const replaced = await fetch(`${harness.url}/health`, {
      headers: { 'x-request-id': 'bad id\twith tab' },
    });

    expect(kept.headers.get('x-request-id')).toBe('client-id-42');
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown non-/v1 route with a 404 envelope', async () => {
    const response = await fetch(`${harness.url}/nope`);

    expect(response.status).toBe(404);
    expect((await envelope(response)).type).toBe('not_found_error');
  });

  it('relays exactly one Server and one Date header, with no stale framing (BL-37c)', async () => {
    harness.upstream.enqueue({
      kind: 'raw',
      status: 200,
      headers: {
        'content-type': 'application/json',
        'content-length': '11',
        server: 'upstream/1.0',
        date: 'Mon, 05 Jan 2026 10:00:00 GMT',
      },
      body: '{"ok":true}',
    });

    const response = await fetch(`${harness.url}/v1/models`, {
      headers: { authorization: 'Bearer sk' },
    });

    expect(response.headers.get('server')).toBe('upstream/1.0');
    expect(response.headers.get('date')).toBe('Mon, 05 Jan 2026 10:00:00 GMT');
    expect(response.headers.get('content-length')).toBe('11');
    expect(await response.text()).toBe('{"ok":true}');
  });
});

describe('upstream unreachable', () => {
  it('answers 502 in the envelope', async () => {
    const harness = await startHarness({ openaiUrl: `http://127.0.0.1:${await closedPort()}` });

    try {
      const response = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: CHAT_BODY,
      });

      expect(response.status).toBe(502);
      expect((await envelope(response)).type).toBe('upstream_error');
    } finally {
      await harness.close();
    }
  });
});

describe('fail-open compression', () => {
  async function withPipeline(
    pipeline: CompressionPipeline,
    check: (harness: Harness) => Promise<void>,
  ): Promise<void> {
    const harness = await startHarness({
      pipeline,
      env: { HEADROOM_COMPRESSION_TIMEOUT_MS: '100' },
    });

    try {
      await check(harness);
    } finally {
      await harness.close();
    }
  }

  it('forwards the original bytes when the pipeline throws, and counts it', async () => {
    const failing = pipelineWith({
      run: async () => {
        throw new Error('compressor exploded');
      },
      compressMessages: async () => {
        throw new Error('compressor exploded');
      },
    });

    await withPipeline(failing, async (harness) => {
      const response = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: CHAT_BODY,
      });

      expect(response.status).toBe(200);
      expect(harness.upstream.lastRequest?.sha256).toBe(sha256(CHAT_BODY));
      const metrics = await (await fetch(`${harness.url}/metrics`)).text();
      expect(metrics).toMatch(
        /headroom_compression_fail_open_total\{route="openai-chat",reason="error"\} 1/,
      );

      const compress = await fetch(`${harness.url}/v1/compress`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(compress.status).toBe(200);
      expect((await compress.json()).messages).toEqual([{ role: 'user', content: 'hi' }]);
    });
  });

  it('forwards the original bytes when the pipeline is slower than the timeout', async () => {
    const slow = pipelineWith({
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));

        return stubResult(Buffer.from('{"late":true}'));
      },
    });

    await withPipeline(slow, async (harness) => {
      const started = Date.now();
      const response = await fetch(`${harness.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
        body: CHAT_BODY,
      });

      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(900);
      expect(harness.upstream.lastRequest?.sha256).toBe(sha256(CHAT_BODY));
      const metrics = await (await fetch(`${harness.url}/metrics`)).text();
      expect(metrics).toMatch(
        /headroom_compression_fail_open_total\{route="anthropic-messages",reason="timeout"\} 1/,
      );
    });
  });

  it('keeps a client mistake reported by the pipeline a 400', async () => {
    const strict = pipelineWith({
      run: async () => {
        throw new HeadroomError('invalid_request_error', 'messages must be an array');
      },
    });

    await withPipeline(strict, async (harness) => {
      const response = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: '{"messages":7}',
      });

      expect(response.status).toBe(400);
      expect((await envelope(response)).message).toBe('messages must be an array');
    });
  });
});

describe('routing between the two upstreams', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ separateAnthropic: true });
  });

  afterAll(async () => {
    await harness.close();
  });

  it.each([
    ['POST', '/v1/messages', {}, 'anthropic'],
    ['POST', '/v1/messages/count_tokens', {}, 'anthropic'],
    ['GET', '/v1/messages/batches', {}, 'anthropic'],
    ['GET', '/v1/models', { 'anthropic-version': '2023-06-01' }, 'anthropic'],
    ['GET', '/v1/models', { authorization: 'Bearer sk' }, 'openai'],
    ['POST', '/v1/chat/completions', { 'x-api-key': 'looks-anthropic' }, 'openai'],
    ['POST', '/v1/embeddings', {}, 'openai'],
  ])('%s %s %j goes to %s', async (method, path, headers, provider) => {
    harness.upstream.reset();
    harness.anthropic.reset();

    await fetch(`${harness.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: method === 'POST' ? CHAT_BODY : undefined,
    });

    const target = provider === 'anthropic' ? harness.anthropic : harness.upstream;
    const other = provider === 'anthropic' ? harness.upstream : harness.anthropic;
    expect(target.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
  });
});

describe('gateway keys', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ env: { HEADROOM_API_KEYS: 'gw-key-a:alpha,gw-key-b:beta' } });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('answers 401 on a provider route without the gateway key, and never calls upstream', async () => {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: CHAT_BODY,
    });

    expect(response.status).toBe(401);
    expect((await envelope(response)).type).toBe('authentication_error');
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('forwards with a valid x-headroom-key, which never goes upstream', async () => {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'x-headroom-key': 'gw-key-b' },
      body: CHAT_BODY,
    });

    expect(response.status).toBe(200);
    expect(harness.upstream.lastRequest?.headers['x-headroom-key']).toBeUndefined();
    expect(harness.upstream.lastRequest?.headers['authorization']).toBe('Bearer sk-test');
  });

  it('answers 401 on /v1/compress with a wrong key', async () => {
    const response = await fetch(`${harness.url}/v1/compress`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-headroom-key': 'wrong' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [] }),
    });

    expect(response.status).toBe(401);
  });

  it('keeps probes open', async () => {
    expect((await fetch(`${harness.url}/livez`)).status).toBe(200);
    expect((await fetch(`${harness.url}/readyz`)).status).toBe(200);
  });
});
