import { openAIChatStream } from '@headroom/testing';
import { type Harness, ReadinessService, startHarness } from './support/gateway-harness';

describe('graceful shutdown', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness({ env: { HEADROOM_SHUTDOWN_GRACE_MS: '3000' } });
  });

  afterEach(async () => {
    await harness.close();
  });

  it('lets an in-flight stream finish, then stops accepting', async () => {
    const events = openAIChatStream({ text: 'draining politely' });
    harness.upstream.enqueue({ kind: 'sse', events, intervalMs: 40 });

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk' },
      body: '{"model":"gpt-4o-mini","stream":true,"messages":[]}',
    });
    const text = response.text();
    const closed = harness.gateway.shutdown();

    expect(await text).toContain('[DONE]');
    await closed;
    await expect(fetch(`${harness.url}/health`)).rejects.toThrow();
  });

  it('reports draining on /readyz while it drains', async () => {
    harness.upstream.enqueue({
      kind: 'sse',
      events: openAIChatStream({ text: 'slow' }),
      intervalMs: 100,
    });
    const inFlight = fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk' },
      body: '{"model":"gpt-4o-mini","stream":true,"messages":[]}',
    });
    const response = await inFlight;
    const closed = harness.gateway.shutdown();

    // The listener is closed for new connections; readiness is checked in-process.
    expect(harness.gateway.app.get(ReadinessService).isReady).toBe(false);
    await response.text();
    await closed;
  });
});
