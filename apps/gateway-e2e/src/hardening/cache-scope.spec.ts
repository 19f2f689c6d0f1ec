import { parseMarkers } from '@headroom/contracts';
import { openAIChatCompletion } from '@headroom/testing';
import { type Harness, startHarness } from '../support/gateway-harness';

// BL-38: a cache keyed on too little served one caller's answer to another.
// Headroom keeps no response cache: every request goes upstream, to the
// upstream its configuration names (security-http.spec.ts shows no header or
// body field can steer it). What it does cache is compression: outcomes by
// content and tenant, originals by tenant and key. Neither may cross tenants.

const KEYS = {
  acme: 'hr-key-scope-acme',
  globex: 'hr-key-scope-globex',
  initech: 'hr-key-scope-initech',
};
const ENV = {
  HEADROOM_API_KEYS: Object.entries(KEYS)
    .map(([tenant, key]) => `${key}:${tenant}`)
    .join(','),
};

function rows(count: number, offset = 0): string {
  return JSON.stringify(
    Array.from({ length: count }, (_, i) => ({
      id: i + offset,
      sku: `SKU-${String(i + offset).padStart(4, '0')}`,
      qty: i % 7,
      status: i === 137 ? 'error' : 'ok',
      ...(i === 137 ? { note: 'disk quota exceeded' } : {}),
    })),
  );
}

function conversation(opening: string, toolOutput: string, last: string): string {
  return JSON.stringify({
    model: 'gpt-4o',
    messages: [
      { role: 'user', content: opening },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'orders', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: toolOutput },
      { role: 'assistant', content: 'Here is the first part.' },
      { role: 'user', content: last },
    ],
    tools: [{ type: 'function', function: { name: 'orders', parameters: { type: 'object' } } }],
  });
}

describe('hardening: nothing cached crosses tenants or conversations (BL-38)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ env: ENV });
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => harness.upstream.reset());

  const post = async (tenant: keyof typeof KEYS, body: string) => {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer sk-scope',
        'x-headroom-key': KEYS[tenant],
      },
      body,
    });

    return { status: response.status, text: await response.text() };
  };

  // Blocks a compressor really ran on; cache hits and replays are not timed.
  const compressorRuns = async (): Promise<number> => {
    const exposition = await (await fetch(`${harness.url}/metrics`)).text();

    return exposition
      .split('\n')
      .filter((line) => line.startsWith('headroom_compressor_seconds_count'))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  };

  it('compresses the same body afresh for each tenant and keeps its original per tenant (BL-38)', async () => {
    const body = conversation('List the orders.', rows(300), 'Which order failed?');
    const runs: number[] = [await compressorRuns()];

    for (const tenant of ['acme', 'globex', 'acme'] as const) {
      expect((await post(tenant, body)).status).toBe(200);
      // The usage record, which counts the run, lands after the response ends.
      await new Promise((resolve) => setTimeout(resolve, 100));
      runs.push(await compressorRuns());
    }

    // acme ran the compressor, globex did too rather than get acme's outcome,
    // and acme's second request was answered from acme's own cache.
    expect([runs[1] - runs[0], runs[2] - runs[1], runs[3] - runs[2]]).toEqual([1, 1, 0]);
    expect(harness.upstream.requests).toHaveLength(3);
    const [hash] = parseMarkers(
      harness.upstream.requests[1].body.toString('utf8').replace(/\\"/g, '"'),
    );
    expect(hash?.key).toMatch(/^[0-9a-f]{24}$/);

    const read = (tenant: keyof typeof KEYS) =>
      fetch(`${harness.url}/v1/retrieve/${hash?.key}`, {
        headers: { 'x-headroom-key': KEYS[tenant] },
      });
    expect((await read('acme')).status).toBe(200);
    expect((await read('globex')).status).toBe(200);
    // The key is the content's hash, so initech can name it; it sent nothing and gets nothing.
    expect((await read('initech')).status).toBe(404);
  });

  it('sends two conversations that both end in "continue" upstream, each with its own history (BL-38)', async () => {
    harness.upstream.enqueue(
      { kind: 'json', body: openAIChatCompletion({ text: 'answer for shop north' }) },
      { kind: 'json', body: openAIChatCompletion({ text: 'answer for shop south' }) },
    );
    const north = conversation('List the orders of shop north.', rows(300, 0), 'continue');
    const south = conversation('List the orders of shop south.', rows(300, 5_000), 'continue');

    const answers = [await post('acme', north), await post('acme', south)];

    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers[0].text).toContain('answer for shop north');
    expect(answers[1].text).toContain('answer for shop south');
    const sent = harness.upstream.requests.map((request) => request.body.toString('utf8'));
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain('shop north');
    expect(sent[0]).not.toContain('shop south');
    expect(sent[1]).toContain('shop south');
    expect(sent[1]).not.toContain('shop north');
  });
});
