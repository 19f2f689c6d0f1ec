import { openAIChatCompletion } from '@headroom/testing';
import { type Harness, startHarness } from '../support/gateway-harness';

// A gateway at its HEADROOM_MAX_IN_FLIGHT refuses more work at once with 503
// `overloaded` instead of queueing it, yet probes and scrapes still answer.

const CHAT = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
const HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-test' };
const SLOW_MS = 1_500;

describe('hardening: load shedding', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ env: { HEADROOM_MAX_IN_FLIGHT: '2' } });
  });

  afterAll(async () => {
    await harness.close();
  });

  const chat = () =>
    fetch(`${harness.url}/v1/chat/completions`, { method: 'POST', headers: HEADERS, body: CHAT });

  const metric = async (name: string): Promise<number> => {
    const text = await (await fetch(`${harness.url}/metrics`)).text();
    const line = text.split('\n').find((row) => row.startsWith(`${name} `));

    return Number(line?.split(' ')[1]);
  };

  it('refuses the request over the cap with 503 overloaded and Retry-After, and recovers', async () => {
    harness.upstream.enqueue(
      { kind: 'json', body: openAIChatCompletion({ text: 'slow one' }), delayMs: SLOW_MS },
      { kind: 'json', body: openAIChatCompletion({ text: 'slow two' }), delayMs: SLOW_MS },
      { kind: 'json', body: openAIChatCompletion({ text: 'after' }) },
    );
    const slow = [chat(), chat()];
    await harness.upstream.waitFor(() => harness.upstream.requests.length === 2);

    const refused = await chat();
    const envelope = (await refused.json()) as { error: { type: string; message: string } };

    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(envelope.error.type).toBe('overloaded');
    expect(envelope.error.message).toContain('HEADROOM_MAX_IN_FLIGHT');
    expect(harness.upstream.requests).toHaveLength(2);
    expect((await fetch(`${harness.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${harness.url}/livez`)).status).toBe(200);
    expect(await metric('headroom_http_requests_in_flight')).toBe(2);
    expect(await metric('headroom_http_requests_shed_total')).toBe(1);

    expect((await Promise.all(slow)).map((response) => response.status)).toEqual([200, 200]);
    const after = await chat();

    expect(after.status).toBe(200);
    expect(await after.json()).toEqual(openAIChatCompletion({ text: 'after' }));
    expect(await metric('headroom_http_requests_in_flight')).toBe(0);
  });

  it('gives the slot back when a client goes away before its answer', async () => {
    harness.upstream.reset();
    harness.upstream.enqueue(
      { kind: 'json', body: openAIChatCompletion({ text: 'never read' }), delayMs: SLOW_MS },
      { kind: 'json', body: openAIChatCompletion({ text: 'never read' }), delayMs: SLOW_MS },
      { kind: 'json', body: openAIChatCompletion({ text: 'served' }) },
      { kind: 'json', body: openAIChatCompletion({ text: 'served' }) },
    );
    const aborts = [new AbortController(), new AbortController()];
    const gone = aborts.map((abort) =>
      fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: HEADERS,
        body: CHAT,
        signal: abort.signal,
      }).catch(() => undefined),
    );
    await harness.upstream.waitFor(() => harness.upstream.requests.length === 2);

    aborts.forEach((abort) => abort.abort());
    await Promise.all(gone);
    await waitUntil(async () => (await metric('headroom_http_requests_in_flight')) === 0);

    expect((await Promise.all([chat(), chat()])).map((response) => response.status)).toEqual([
      200, 200,
    ]);
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
