import { request as httpRequest } from 'node:http';
import { anthropicStream, formatSseEvent, openAIChatStream } from '@headroom/testing';
import { type Harness, startHarness } from './support/gateway-harness';

const CHAT_STREAM_BODY = JSON.stringify({
  model: 'gpt-4o-mini',
  stream: true,
  messages: [{ role: 'user', content: 'hi' }],
});
const OPENAI_HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-test' };

type TimedChunk = { atMs: number; text: string };

async function readTimed(response: Response): Promise<TimedChunk[]> {
  const started = Date.now();
  const chunks: TimedChunk[] = [];
  const decoder = new TextDecoder();
  if (!response.body) {
    throw new Error('response has no body');
  }

  const reader = response.body.getReader();

  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      return chunks;
    }
    chunks.push({ atMs: Date.now() - started, text: decoder.decode(value, { stream: true }) });
  }
}

describe('streaming relay', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => harness.upstream.reset());

  it('delivers each SSE event as it arrives, not when the stream ends', async () => {
    const events = openAIChatStream({ text: 'abcdefghijklmnopqrstuvwx' }).slice(0, 5);
    harness.upstream.enqueue({ kind: 'sse', events, intervalMs: 250 });

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: OPENAI_HEADERS,
      body: CHAT_STREAM_BODY,
    });
    const chunks = await readTimed(response);

    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(events.map(formatSseEvent).join(''));
    // Five events 250 ms apart: the first must be out long before the last.
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks[0].atMs).toBeLessThan(200);
    expect(chunks[chunks.length - 1].atMs).toBeGreaterThan(800);
  });

  it('passes an SSE answer to a stream:false request through with its content type (BL-17)', async () => {
    const completed = {
      type: 'response.completed',
      response: { id: 'resp_demo1', output: [], usage: { input_tokens: 2, output_tokens: 1 } },
    };
    harness.upstream.enqueue({
      kind: 'sse',
      events: [{ event: 'response.completed', data: completed }],
    });

    const response = await fetch(`${harness.url}/v1/responses`, {
      method: 'POST',
      headers: OPENAI_HEADERS,
      body: '{"model":"demo-model","stream":false,"input":"hello"}',
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(await response.text()).toBe(
      formatSseEvent({ event: 'response.completed', data: completed }),
    );
  });

  it('relays an upstream 529 with its body, logs it at error, and keeps serving the session (BL-15)', async () => {
    const overloaded = {
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    };
    harness.upstream.enqueue(
      { kind: 'sse', events: anthropicStream({ text: 'one' }) },
      { kind: 'json', status: 529, body: overloaded },
      { kind: 'sse', events: anthropicStream({ text: 'three' }) },
    );
    const send = () =>
      fetch(`${harness.url}/v1/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': 'k',
          'anthropic-version': '2023-06-01',
          'x-headroom-session-id': 's-15',
        },
        body: JSON.stringify({
          model: 'claude-sonnet-4-5',
          max_tokens: 8,
          stream: true,
          messages: [{ role: 'user', content: 'x' }],
        }),
      });

    const first = await send();
    const firstText = await first.text();
    const second = await send();
    const secondBody = await second.json();
    const third = await send();
    const thirdText = await third.text();

    expect(first.status).toBe(200);
    expect(firstText).toContain('message_start');
    expect(firstText).toContain('message_stop');
    expect(second.status).toBe(529);
    expect(secondBody).toEqual(overloaded);
    expect(thirdText).toContain('"text":"three"');
    expect(harness.upstream.requests).toHaveLength(3);
    expect(
      harness.logs.some((line) => line.includes('"level":50') && line.includes('"status":529')),
    ).toBe(true);
  });

  it('ends the client stream where an upstream stream that stops half-way ends', async () => {
    const events = openAIChatStream({ text: 'a long answer that will be cut' });
    harness.upstream.enqueue({ kind: 'sse', events, stopAfter: 3, stopWith: 'end' });

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: OPENAI_HEADERS,
      body: CHAT_STREAM_BODY,
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe(events.slice(0, 3).map(formatSseEvent).join(''));
  });

  it('cuts the client connection when the upstream connection resets mid-stream', async () => {
    harness.upstream.enqueue({
      kind: 'sse',
      events: openAIChatStream({ text: 'cut me off please' }),
      intervalMs: 30,
      stopAfter: 2,
      stopWith: 'destroy',
    });

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: OPENAI_HEADERS,
      body: CHAT_STREAM_BODY,
    });

    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('answers 502 when the upstream resets before any byte was relayed', async () => {
    harness.upstream.enqueue({ kind: 'destroy' });

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: OPENAI_HEADERS,
      body: CHAT_STREAM_BODY,
    });

    expect(response.status).toBe(502);
    expect((await response.json()).error.type).toBe('upstream_error');
  });

  it('cancels the upstream request when the client goes away mid-stream', async () => {
    harness.upstream.enqueue({
      kind: 'sse',
      events: openAIChatStream({ text: 'x'.repeat(400) }),
      intervalMs: 50,
    });
    const controller = new AbortController();

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: OPENAI_HEADERS,
      body: CHAT_STREAM_BODY,
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();

    await harness.upstream.waitFor(() => harness.upstream.lastRequest?.closedEarly === true);
    expect(harness.upstream.lastRequest?.completed).toBe(false);
  });

  it('cancels the upstream request when the client goes away before any answer', async () => {
    harness.upstream.enqueue({ kind: 'hang' });

    const pending = httpRequest(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
    });
    pending.on('error', () => undefined);
    pending.end('{"model":"claude-sonnet-4-5","max_tokens":8,"messages":[]}');
    await harness.upstream.waitFor(() => harness.upstream.requests.length === 1);
    pending.destroy();

    await harness.upstream.waitFor(() => harness.upstream.lastRequest?.closedEarly === true);
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toMatch(/headroom_client_aborts_total\{route="anthropic-messages"\} 1/);
  });
});
