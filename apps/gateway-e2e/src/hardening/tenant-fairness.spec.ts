import { connect, type Socket } from 'node:net';
import { openAIChatCompletion } from '@headroom/testing';
import { type Harness, startHarness } from '../support/gateway-harness';

// Each tenant may have only its share of the gateway's requests answered at
// once (HEADROOM_MAX_IN_FLIGHT_PER_TENANT): one tenant's flood gets 429s while
// the others are still served, and callers with no valid key share one share
// of their own, so they can neither spend a tenant's nor fill the gateway.

const CHAT = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
const SLOW_MS = 1_500;
const SHARE = 2;

type Envelope = { error: { type: string; message: string; request_id?: string } };

describe('hardening: per-tenant fairness', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      env: {
        HEADROOM_API_KEYS: 'key-a:alpha,key-b:beta',
        HEADROOM_MAX_IN_FLIGHT: '5',
        HEADROOM_MAX_IN_FLIGHT_PER_TENANT: String(SHARE),
      },
    });
  });

  beforeEach(() => harness.upstream.reset());

  afterAll(async () => {
    await harness.close();
  });

  const chat = (headers: Record<string, string>, signal?: AbortSignal) =>
    fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test', ...headers },
      body: CHAT,
      signal,
    });
  const asAlpha = (signal?: AbortSignal) => chat({ 'x-headroom-key': 'key-a' }, signal);
  const asBeta = () => chat({ 'x-headroom-key': 'key-b' });

  const metrics = async (): Promise<string> => (await fetch(`${harness.url}/metrics`)).text();
  const metric = async (series: string): Promise<number> => {
    const line = (await metrics()).split('\n').find((row) => row.startsWith(`${series} `));

    return line === undefined ? 0 : Number(line.split(' ')[1]);
  };
  const inFlightIs = (count: number) =>
    waitUntil(async () => (await metric('headroom_http_requests_in_flight')) === count);

  const slow = (text: string) =>
    ({ kind: 'json', body: openAIChatCompletion({ text }), delayMs: SLOW_MS }) as const;
  const fast = (text: string) => ({ kind: 'json', body: openAIChatCompletion({ text }) }) as const;

  it("refuses a flooding tenant's requests beyond its share with 429 while another tenant is served, then serves it again", async () => {
    harness.upstream.enqueue(slow('a1'), slow('a2'), fast('b1'), fast('a again'));
    const held = [asAlpha(), asAlpha()];
    await harness.upstream.waitFor(() => harness.upstream.requests.length === SHARE);

    const flood = await Promise.all([asAlpha(), asAlpha(), asAlpha()]);
    const envelopes = (await Promise.all(flood.map((response) => response.json()))) as Envelope[];

    expect(flood.map((response) => response.status)).toEqual([429, 429, 429]);
    expect(flood.map((response) => response.headers.get('retry-after'))).toEqual(['1', '1', '1']);
    for (const [index, envelope] of envelopes.entries()) {
      expect(envelope.error.type).toBe('rate_limit_error');
      expect(envelope.error.message).toContain('HEADROOM_MAX_IN_FLIGHT_PER_TENANT');
      expect(envelope.error.request_id).toBe(flood[index].headers.get('x-request-id'));
    }
    expect(harness.upstream.requests).toHaveLength(SHARE);

    const beta = await asBeta();

    expect(beta.status).toBe(200);
    expect(await beta.json()).toEqual(openAIChatCompletion({ text: 'b1' }));
    expect(await metric('headroom_http_requests_tenant_limited_total{tenant="alpha"}')).toBe(3);
    expect(await metrics()).not.toContain(
      'headroom_http_requests_tenant_limited_total{tenant="beta"}',
    );
    expect(await metric('headroom_http_requests_shed_total')).toBe(0);

    expect((await Promise.all(held)).map((response) => response.status)).toEqual([200, 200]);
    const again = await asAlpha();

    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(openAIChatCompletion({ text: 'a again' }));
    await inFlightIs(0);
  });

  it("answers a bad or misplaced key 401 from its route, not 429 on a full tenant's share", async () => {
    harness.upstream.enqueue(slow('a1'), slow('a2'));
    const held = [asAlpha(), asAlpha()];
    await harness.upstream.waitFor(() => harness.upstream.requests.length === SHARE);

    // On a provider route `authorization` is the provider's credential, so a
    // gateway key there names no tenant.
    const strangers: Record<string, string>[] = [
      { 'x-headroom-key': 'wrong' },
      { authorization: 'Bearer key-a' },
      {},
    ];
    for (const headers of strangers) {
      const answer = await chat(headers);

      expect(answer.status).toBe(401);
      expect(((await answer.json()) as Envelope).error.type).toBe('authentication_error');
    }
    // Headroom's own API takes the key as a bearer: that is alpha, and full.
    const compress = await fetch(`${harness.url}/v1/compress`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer key-a' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [] }),
    });

    expect(compress.status).toBe(429);
    expect(harness.upstream.requests).toHaveLength(SHARE);
    await Promise.all(held);
  });

  it('answers a caller with no valid key 401 before reading its body, so it holds no slot', async () => {
    harness.upstream.enqueue(fast('alpha served'));
    // Headers sent, body withheld: without the early answer each would hold
    // a slot until HEADROOM_REQUEST_TIMEOUT_MS.
    const strangers = await Promise.all([stall('wrong'), stall(undefined), stall('key-a-ish')]);
    const answers = await Promise.all(strangers.map((stranger) => stranger.answer));

    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 401 /);
      expect(answer).toContain('"type":"authentication_error"');
    }
    expect(await metric('headroom_http_requests_in_flight')).toBe(0);
    expect(await metric('headroom_http_requests_tenant_limited_total{tenant="<unknown>"}')).toBe(0);
    expect((await asAlpha()).status).toBe(200);
    expect(harness.upstream.requests).toHaveLength(1);
    strangers.forEach((stranger) => stranger.socket.destroy());
  });

  it('gives a slot back when its client goes away before the answer', async () => {
    harness.upstream.enqueue(slow('never read'), slow('never read'), fast('served'));
    const aborts = [new AbortController(), new AbortController()];
    const gone = aborts.map((abort) => asAlpha(abort.signal).catch(() => undefined));
    await harness.upstream.waitFor(() => harness.upstream.requests.length === SHARE);

    expect((await asAlpha()).status).toBe(429);

    aborts.forEach((abort) => abort.abort());
    await Promise.all(gone);
    await inFlightIs(0);
    const served = await asAlpha();

    expect(served.status).toBe(200);
    expect(await served.json()).toEqual(openAIChatCompletion({ text: 'served' }));
  });

  // A request whose headers arrived and whose body never does; `answer` is
  // the first bytes the gateway sends back on it.
  function stall(key: string | undefined): Promise<{ socket: Socket; answer: Promise<string> }> {
    const { port } = new URL(harness.url);

    return new Promise((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n' +
            'content-type: application/json\r\ncontent-length: 1000\r\n' +
            (key === undefined ? '' : `x-headroom-key: ${key}\r\n`) +
            '\r\n{',
        );
        const answer = new Promise<string>((answered) =>
          socket.once('data', (chunk: Buffer) => answered(chunk.toString('latin1'))),
        );
        resolve({ socket, answer });
      });
      socket.on('error', () => undefined);
    });
  }
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
