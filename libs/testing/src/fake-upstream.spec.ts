import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { FakeUpstream } from './fake-upstream';
import { openAIChatStream } from './provider-shapes';

describe(FakeUpstream.name, () => {
  let upstream: FakeUpstream;

  beforeEach(async () => {
    upstream = await FakeUpstream.start();
  });

  afterEach(async () => {
    await upstream.close();
  });

  describe('recording', () => {
    it('keeps the raw bytes, path and headers of every request', async () => {
      const body = '{ "b":1.0, "a":"\\u00e9" }';

      await fetch(`${upstream.url}/v1/chat/completions?x=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
        body,
      });

      const recorded = upstream.lastRequest;
      expect(recorded?.path).toBe('/v1/chat/completions?x=1');
      expect(recorded?.headers['authorization']).toBe('Bearer sk-test');
      expect(recorded?.body.toString('utf8')).toBe(body);
      expect(recorded?.sha256).toBe(createHash('sha256').update(body).digest('hex'));
      expect(recorded?.reply).toBe('default');
    });
  });

  describe('scripted replies', () => {
    it('answers in queue order, with the scripted status', async () => {
      upstream.enqueue(
        { kind: 'json', status: 429, body: { error: { type: 'rate_limit_error' } } },
        { kind: 'raw', status: 200, headers: { 'content-type': 'text/plain' }, body: 'second' },
      );

      const first = await fetch(`${upstream.url}/v1/messages`, { method: 'POST', body: '{}' });
      const second = await fetch(`${upstream.url}/v1/messages`, { method: 'POST', body: '{}' });

      expect(first.status).toBe(429);
      expect(await second.text()).toBe('second');
      expect(upstream.pending).toBe(0);
    });

    it('streams SSE events with pauses and can stop half-way', async () => {
      const events = openAIChatStream({ text: 'hello world, streamed' });
      upstream.enqueue({ kind: 'sse', events, intervalMs: 30, stopAfter: 3 });

      const started = Date.now();
      const response = await fetch(`${upstream.url}/v1/chat/completions`, {
        method: 'POST',
        body: '{"stream":true}',
      });
      const text = await response.text();

      expect(response.headers.get('content-type')).toContain('text/event-stream');
      expect(text.split('\n\n').filter(Boolean)).toHaveLength(3);
      expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    });

    it('notices when the caller closes the connection early', async () => {
      upstream.enqueue({ kind: 'hang' });

      const pending = request(`${upstream.url}/v1/responses`, { method: 'POST' });
      pending.on('error', () => undefined);
      pending.end('{}');
      await upstream.waitFor(() => upstream.requests.length === 1);
      pending.destroy();

      await upstream.waitFor(() => upstream.lastRequest?.closedEarly === true);
      expect(upstream.lastRequest?.completed).toBe(false);
    });
  });
});
