import Anthropic from '@anthropic-ai/sdk';
import { anthropicMessage, anthropicStream } from '@headroom/testing';
import { type Harness, startHarness } from './support/gateway-harness';

const TOOLS: Anthropic.Tool[] = [
  {
    name: 'get_weather',
    description: 'Weather for a city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
];

describe('official @anthropic-ai/sdk through the gateway', () => {
  let harness: Harness;
  let client: Anthropic;

  beforeAll(async () => {
    harness = await startHarness();
    client = new Anthropic({ apiKey: 'sk-ant-demo', baseURL: harness.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => harness.upstream.reset());

  it('relays a non-streaming message with the SDK credential and version untouched', async () => {
    harness.upstream.enqueue({ kind: 'json', body: anthropicMessage({ text: 'bonjour' }) });

    const message = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hello' }],
    });

    expect(message.content[0]).toEqual({ type: 'text', text: 'bonjour' });
    const headers = harness.upstream.lastRequest?.headers ?? {};
    // This SDK release sends its API key as a Bearer token.
    expect(headers['authorization']).toBe('Bearer sk-ant-demo');
    expect(headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('forwards x-api-key exactly as sent', async () => {
    await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'sk-ant-demo',
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: 'claude-sonnet-4-5',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'x' }],
      }),
    });

    expect(harness.upstream.lastRequest?.headers['x-api-key']).toBe('sk-ant-demo');
    expect(harness.upstream.lastRequest?.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('streams text deltas event by event', async () => {
    harness.upstream.enqueue({
      kind: 'sse',
      events: anthropicStream({ text: 'a streamed answer' }),
      intervalMs: 5,
    });

    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hello' }],
    });
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    const final = await stream.finalMessage();

    expect(final.content[0]).toMatchObject({ type: 'text', text: 'a streamed answer' });
    expect(types.filter((type) => type === 'message_start')).toHaveLength(1);
    expect(types[types.length - 1]).toBe('message_stop');
  });

  it('streams a tool_use block with its input_json_delta', async () => {
    const call = { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Lyon"}' };
    harness.upstream.enqueue({ kind: 'sse', events: anthropicStream({ toolCalls: [call] }) });

    const final = await client.messages
      .stream({
        model: 'claude-sonnet-4-5',
        max_tokens: 64,
        tools: TOOLS,
        messages: [{ role: 'user', content: 'weather in Lyon?' }],
      })
      .finalMessage();

    expect(final.stop_reason).toBe('tool_use');
    expect(final.content).toEqual([
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Lyon' } },
    ]);
  });

  it('relays a non-streaming tool_use', async () => {
    const call = { id: 'toolu_2', name: 'get_weather', arguments: '{"city":"Oslo"}' };
    harness.upstream.enqueue({ kind: 'json', body: anthropicMessage({ toolCalls: [call] }) });

    const message = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      tools: TOOLS,
      messages: [{ role: 'user', content: 'weather in Oslo?' }],
    });

    expect(message.content[0]).toMatchObject({ type: 'tool_use', input: { city: 'Oslo' } });
  });

  it('passes count_tokens through to the Anthropic upstream', async () => {
    harness.upstream.enqueue({ kind: 'json', body: { input_tokens: 42 } });

    const count = await client.messages.countTokens({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'hello' }],
    });

    expect(count.input_tokens).toBe(42);
    expect(harness.upstream.lastRequest?.path).toBe('/v1/messages/count_tokens');
  });

  it('forwards a Bearer token and every anthropic-beta token in order, and relays a 401 verbatim (BL-42)', async () => {
    const upstreamError = {
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
    };
    harness.upstream.enqueue({ kind: 'json', status: 401, body: upstreamError });
    const beta = 'oauth-2025-04-20,interleaved-thinking-2025-05-14';

    const response = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer sk-ant-oat-demo',
        'anthropic-version': '2023-06-01',
        'anthropic-beta': beta,
      },
      body: JSON.stringify({
        model: 'claude-sonnet-4-5',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'x' }],
      }),
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(upstreamError);
    const headers = harness.upstream.lastRequest?.headers ?? {};
    expect(headers['authorization']).toBe('Bearer sk-ant-oat-demo');
    expect(headers['anthropic-beta']).toBe(beta);
    expect(headers['x-api-key']).toBeUndefined();
  });

  it('sends Anthropic-looking passthrough routes to the Anthropic upstream', async () => {
    const page = await client.models.list();

    expect(page.data).toEqual([]);
    expect(harness.upstream.lastRequest?.headers['anthropic-version']).toBeDefined();
    expect(harness.upstream.lastRequest?.path.startsWith('/v1/models')).toBe(true);
  });
});
