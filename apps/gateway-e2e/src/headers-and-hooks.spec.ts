import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { anthropicMessage, openAIChatStream } from '@headroom/testing';
import { pipelineWith, stubResult } from './support/test-pipelines';
import {
  type Harness,
  ResponseHookRegistry,
  sha256,
  startHarness,
} from './support/gateway-harness';

const ROUTES: Array<[string, string]> = [
  ['/v1/chat/completions', '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}'],
  ['/v1/responses', '{"model":"gpt-4o-mini","input":"hi"}'],
  [
    '/v1/messages',
    '{"model":"claude-sonnet-4-5","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}',
  ],
  [
    '/v1/messages/count_tokens',
    '{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}',
  ],
];

const PROVIDER_HEADERS = {
  authorization: 'Bearer sk-ant-oat-demo',
  'chatgpt-account-id': 'acct_demo42',
  'openai-beta': 'responses=v1',
  'openai-project': 'proj_1',
  'anthropic-beta': 'oauth-2025-04-20,interleaved-thinking-2025-05-14',
  'x-stainless-lang': 'js',
  'x-stainless-retry-count': '0',
};

describe('header forwarding is the same on every route (BL-43)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it.each(ROUTES)('%s forwards provider headers exactly and none of ours', async (path, body) => {
    harness.upstream.reset();

    await fetch(`${harness.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...PROVIDER_HEADERS,
        'x-headroom-bypass': 'false',
        'x-headroom-session-id': 'sess-43',
        'x-headroom-mode': 'lossless',
      },
      body,
    });

    const received = harness.upstream.lastRequest?.headers ?? {};
    for (const [name, value] of Object.entries(PROVIDER_HEADERS)) {
      expect(received[name]).toBe(value);
    }
    expect(Object.keys(received).filter((name) => name.startsWith('x-headroom-'))).toEqual([]);
    expect(received['host']).toBe(new URL(harness.upstream.url).host);
  });
});

describe('bypass leaves tools and system alone (BL-44)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('forwards a tool-heavy body byte-identical and records no savings', async () => {
    const tools = Array.from({ length: 14 }, (_, index) => ({
      name: `tool_${index}`,
      description: `Tool number ${index}. `.repeat(20),
      input_schema: { type: 'object', properties: { q: { type: 'string' } } },
    }));
    const rows = Array.from({ length: 300 }, (_, id) => ({
      id,
      sku: `SKU-${String(id).padStart(4, '0')}`,
      qty: id % 7,
      status: 'ok',
    }));
    const body = JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      system: 'You are careful. '.repeat(250),
      tools,
      messages: [
        { role: 'user', content: 'list the rows' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_1', name: 'tool_0', input: { q: 'rows' } }],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: JSON.stringify(rows) }],
        },
      ],
    });

    await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'k',
        'x-headroom-bypass': 'true',
      },
      body,
    });

    expect(harness.upstream.lastRequest?.sha256).toBe(sha256(body));
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).not.toMatch(/headroom_tokens_before_total\{route="anthropic-messages"\} [1-9]/);
  });
});

describe('response hooks (the seam for the retrieval loop)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
    harness.gateway.app.get(ResponseHookRegistry).register({
      name: 'test-rewrite',
      async onUpstreamResponse(exchange, response) {
        if (exchange.route !== 'openai-chat') {
          return response;
        }

        const chunks: Buffer[] = [];
        for await (const chunk of response.body) {
          chunks.push(chunk as Buffer);
        }
        const text = Buffer.concat(chunks).toString('utf8').replace('"ok"', '"rewritten by hook"');

        return { ...response, body: Readable.from([Buffer.from(text)]), isOriginalBody: false };
      },
    });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('lets a hook replace the body, with framing recomputed', async () => {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}',
    });

    const text = await response.text();
    expect(text).toContain('rewritten by hook');
    expect(JSON.parse(text).choices[0].message.content).toBe('rewritten by hook');
  });

  it('leaves other routes to the plain relay', async () => {
    const response = await fetch(`${harness.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model":"gpt-4o-mini","input":"hi"}',
    });

    expect((await response.json()).status).toBe('completed');
  });
});

describe('cache usage reported to the aligner', () => {
  let harness: Harness;
  const recorded: Array<[string, number]> = [];

  beforeAll(async () => {
    harness = await startHarness({
      pipeline: pipelineWith({
        run: async (request) =>
          stubResult(request.body, { changed: false, sessionKey: 'session-7' }),
        recordUsage: async (sessionKey, cachedTokens) => {
          recorded.push([sessionKey, cachedTokens]);
        },
      }),
    });
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => {
    recorded.length = 0;
  });

  it('reads cached tokens from a JSON answer', async () => {
    const body = anthropicMessage({ text: 'hi' });
    harness.upstream.enqueue({
      kind: 'raw',
      status: 200,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(
        JSON.stringify({
          ...body,
          usage: { input_tokens: 5, cache_read_input_tokens: 4096, output_tokens: 2 },
        }),
      ),
    });
    const text = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 8, messages: [] });

    await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(text.length) },
      body: text,
    });

    expect(recorded).toEqual([['session-7', 4096]]);
  });

  it('reads cached tokens from an SSE answer, once', async () => {
    const events = openAIChatStream({ text: 'hello' });
    events.splice(events.length - 1, 0, {
      data: {
        id: 'x',
        object: 'chat.completion.chunk',
        choices: [],
        usage: { prompt_tokens: 9, prompt_tokens_details: { cached_tokens: 512 } },
      },
    });
    harness.upstream.enqueue({ kind: 'sse', events });

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model":"gpt-4o-mini","stream":true,"messages":[]}',
    });
    await response.text();

    expect(recorded).toEqual([['session-7', 512]]);
  });
});
