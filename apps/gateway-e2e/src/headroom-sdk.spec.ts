import { HeadroomAuthError, HeadroomClient, type OpenAIMessage } from 'headroom-ai';
import { type Harness, startHarness } from './support/gateway-harness';

const MESSAGES: OpenAIMessage[] = [
  { role: 'user', content: 'Summarise the orders' },
  {
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'orders', arguments: '{}' } }],
  },
  { role: 'tool', tool_call_id: 'call_1', content: JSON.stringify([{ id: 1, status: 'ok' }]) },
];

describe('published headroom-ai SDK against the gateway', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('compress() gets a real answer (fallback off, so a failure would throw)', async () => {
    const client = new HeadroomClient({ baseUrl: harness.url, fallback: false, retries: 0 });

    const result = await client.compress(MESSAGES, { model: 'gpt-4o' });

    expect(result.compressed).toBe(true);
    expect(Array.isArray(result.messages)).toBe(true);
    expect(result.messages).toHaveLength(MESSAGES.length);
    expect(result.tokensSaved).toBe(result.tokensBefore - result.tokensAfter);
    expect(Array.isArray(result.transformsApplied)).toBe(true);
    expect(Array.isArray(result.ccrHashes)).toBe(true);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('health() and validateSetup() read the shape they expect', async () => {
    const client = new HeadroomClient({ baseUrl: harness.url });

    const health = await client.health();
    const setup = await client.validateSetup();

    expect(health.status).toBe('healthy');
    expect(typeof health.version).toBe('string');
    expect(health.config).toEqual({ optimize: true, cache: false, rateLimit: false });
    expect(setup.valid).toBe(true);
  });

  it('proxyStats(), getStats() and getMetrics() read /stats', async () => {
    const client = new HeadroomClient({ baseUrl: harness.url });
    await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await harness.upstream.waitFor(() => harness.upstream.requests.length >= 1);

    const stats = await client.proxyStats();
    const summary = await client.getStats();
    const recent = await client.getMetrics({ limit: 5 });

    expect(stats.requests.total).toBeGreaterThanOrEqual(1);
    expect(stats.requests.byProvider).toHaveProperty('openai');
    expect(typeof stats.tokens.savingsPercent).toBe('number');
    expect(typeof stats.latency.averageMs).toBe('number');
    expect(summary.totalRequests).toBe(stats.requests.total);
    expect(recent[0]).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
  });

  it('surfaces an envelope error as the SDK error class (400 → no fallback)', async () => {
    const client = new HeadroomClient({ baseUrl: harness.url, fallback: false, retries: 0 });

    await expect(
      client.compressRaw({ messages: 'not-an-array', model: 'gpt-4o' }),
    ).rejects.toMatchObject({
      statusCode: 400,
      errorType: 'invalid_request_error',
    });
  });
});

describe('headroom-ai SDK with gateway keys', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ env: { HEADROOM_API_KEYS: 'team-key:team' } });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('authenticates with the SDK apiKey (sent as a Bearer token)', async () => {
    const client = new HeadroomClient({
      baseUrl: harness.url,
      apiKey: 'team-key',
      fallback: false,
      retries: 0,
    });

    const result = await client.compress(MESSAGES, { model: 'gpt-4o' });

    expect(result.compressed).toBe(true);
  });

  it('maps a wrong key to HeadroomAuthError', async () => {
    const client = new HeadroomClient({
      baseUrl: harness.url,
      apiKey: 'wrong',
      fallback: false,
      retries: 0,
    });

    await expect(client.compress(MESSAGES, { model: 'gpt-4o' })).rejects.toBeInstanceOf(
      HeadroomAuthError,
    );
  });
});
