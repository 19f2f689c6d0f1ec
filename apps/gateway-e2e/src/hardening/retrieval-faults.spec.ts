import { markerPattern, parseMarkers, RETRIEVAL_TOOL_NAME } from '@headroom/contracts';
import { openAIChatCompletion, openAIChatStream } from '@headroom/testing';
import { type Harness, startHarness } from '../support/gateway-harness';

// Upstream faults while the gateway runs a retrieval round on the client's
// behalf: the client gets the upstream's own failure, never a leak of our tool.

const rows = JSON.stringify(
  Array.from({ length: 300 }, (_, i) => ({
    id: i,
    sku: `SKU-${i}`,
    qty: i % 7,
    status: i === 137 ? 'error' : 'ok',
  })),
);
const HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-test' };

function chat(stream: boolean): string {
  return JSON.stringify({
    model: 'gpt-4o',
    stream,
    messages: [
      { role: 'user', content: 'Which order failed?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'orders', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: rows },
    ],
  });
}

describe('hardening: faults during a retrieval round', () => {
  let harness: Harness;
  let key: string;

  beforeAll(async () => {
    harness = await startHarness({
      env: {
        HEADROOM_UPSTREAM_HEADERS_TIMEOUT_MS: '600',
        HEADROOM_UPSTREAM_BODY_TIMEOUT_MS: '400',
      },
    });
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: HEADERS,
      body: chat(false),
    });
    await response.text();
    key = parseMarkers(harness.upstream.requests[0].body.toString().replace(/\\"/g, '"'))[0].key;
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => harness.upstream.reset());

  function retrievalCall(): Array<{ id: string; name: string; arguments: string }> {
    return [{ id: 'call_r', name: RETRIEVAL_TOOL_NAME, arguments: JSON.stringify({ hash: key }) }];
  }

  it('answers 502 in the envelope when the continuation connection resets', async () => {
    harness.upstream.enqueue(
      { kind: 'json', body: openAIChatCompletion({ toolCalls: retrievalCall() }) },
      { kind: 'destroy' },
    );

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: HEADERS,
      body: chat(false),
    });
    const text = await response.text();

    expect(response.status).toBe(502);
    expect(JSON.parse(text)).toMatchObject({ error: { type: 'upstream_error' } });
    expect(text).not.toContain(RETRIEVAL_TOOL_NAME);
    expect(harness.upstream.requests).toHaveLength(2);
  });

  it('answers 504 in the envelope when the continuation never answers', async () => {
    harness.upstream.enqueue(
      { kind: 'json', body: openAIChatCompletion({ toolCalls: retrievalCall() }) },
      { kind: 'hang' },
    );
    const startedAt = Date.now();

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: HEADERS,
      body: chat(false),
    });

    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { type: 'upstream_timeout' } });
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it.each([
    ['cut half-way', { stopAfter: 3, stopWith: 'destroy' as const, intervalMs: 20 }],
    ['reset before its first event', { stopAfter: 0, stopWith: 'destroy' as const }],
  ])(
    'cuts the client stream when the streamed continuation is %s, showing no tool or marker',
    async (_label, fault) => {
      harness.upstream.enqueue(
        { kind: 'sse', events: openAIChatStream({ toolCalls: retrievalCall() }) },
        { kind: 'sse', events: openAIChatStream({ text: 'the final answer' }), ...fault },
      );

      const response = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: HEADERS,
        body: chat(true),
      });
      const reader = response.body?.getReader();
      if (!reader) throw new Error('no body');
      let seen = '';
      let failed = false;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          seen += Buffer.from(value).toString('utf8');
        }
      } catch {
        failed = true;
      }

      expect(response.status).toBe(200);
      expect(failed).toBe(true);
      expect(seen).not.toContain(RETRIEVAL_TOOL_NAME);
      expect(seen).not.toMatch(markerPattern());
    },
  );

  it('cancels the continuation request when the client goes away during it', async () => {
    harness.upstream.enqueue(
      { kind: 'sse', events: openAIChatStream({ toolCalls: retrievalCall() }) },
      { kind: 'sse', events: openAIChatStream({ text: 'x'.repeat(300) }), intervalMs: 50 },
    );
    const controller = new AbortController();

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: HEADERS,
      body: chat(true),
      signal: controller.signal,
    });
    await response.body?.getReader().read();
    controller.abort();

    await harness.upstream.waitFor(
      () => harness.upstream.requests.length === 2 && harness.upstream.requests[1].closedEarly,
    );
    expect(harness.upstream.requests[1].completed).toBe(false);
  });

  it('cuts a stream whose upstream pauses longer than HEADROOM_UPSTREAM_BODY_TIMEOUT_MS', async () => {
    harness.upstream.enqueue({
      kind: 'sse',
      events: openAIChatStream({ text: 'abcdefghijklmnopqrstuvwxyz' }),
      intervalMs: 900,
    });
    const startedAt = Date.now();

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({
        model: 'gpt-4o',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });

    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(Date.now() - startedAt).toBeLessThan(3_000);
  });

  it('serves the next request normally after all of the above', async () => {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    });

    expect(response.status).toBe(200);
  });
});
