import { markerPattern, parseMarkers, RETRIEVAL_TOOL_NAME } from '@headroom/contracts';
import { anthropicStream } from '@headroom/testing';
import { type Harness, sha256, startHarness } from '../support/gateway-harness';

// Field-bug kinds from cases/field-bugs.md that had no test of their own yet.

function rows(n: number, offset = 0): string {
  return JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      id: i + offset,
      sku: `SKU-${String(i + offset).padStart(4, '0')}`,
      qty: i % 7,
      status: i === 137 ? 'error' : 'ok',
      ...(i === 137 ? { note: 'disk quota exceeded' } : {}),
    })),
  );
}

const HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-test' };
const ANTHROPIC_HEADERS = { 'content-type': 'application/json', 'x-api-key': 'sk-ant-test' };

type ChatBody = {
  messages: Array<{
    role: string;
    content: string | null;
    tool_call_id?: string;
    tool_calls?: Array<{ id: string; function: { arguments: string } }>;
  }>;
};
type AnthropicBody = {
  system: unknown;
  tools?: Array<{ name: string }>;
  messages: Array<{ content: string | Array<{ type: string; text?: string; content?: string }> }>;
};

describe('hardening: field-bug kinds re-run', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => harness.upstream.reset());

  async function post(
    path: string,
    body: string,
    headers: Record<string, string> = HEADERS,
  ): Promise<Buffer> {
    const response = await fetch(`${harness.url}${path}`, { method: 'POST', headers, body });
    expect(response.status).toBe(200);
    await response.text();
    const sent = harness.upstream.requests.at(-1);
    if (!sent) throw new Error('nothing reached the upstream');

    return sent.body;
  }

  it.each([
    ['concatenated objects', '{"q":"alpha"}{"q":"beta"}'],
    ['a truncated object', '{"q":'],
    ['plain text', 'not json at all'],
    ['an empty string', ''],
  ])(
    'keeps tool-call arguments with %s and the call/result pairing while compressing (BL-13)',
    async (_label, args) => {
      const body = JSON.stringify({
        model: 'gpt-4o',
        messages: [
          { role: 'user', content: 'look it up' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_9', type: 'function', function: { name: 'search', arguments: args } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_9', content: rows(200) },
        ],
      });

      const sent = JSON.parse((await post('/v1/chat/completions', body)).toString()) as ChatBody;

      expect(sent.messages).toHaveLength(3);
      expect(sent.messages[1].tool_calls?.[0]).toMatchObject({
        id: 'call_9',
        function: { arguments: args },
      });
      expect(sent.messages[2].tool_call_id).toBe('call_9');
      expect(sent.messages[2].content?.length).toBeLessThan(rows(200).length);
    },
  );

  it('keeps concatenated Responses function_call arguments and call_id while compressing (BL-13)', async () => {
    const body = JSON.stringify({
      model: 'gpt-4o',
      input: [
        { type: 'message', role: 'user', content: 'look it up' },
        { type: 'function_call', call_id: 'fc1', name: 'search', arguments: '{"a":1}{"b":2}' },
        { type: 'function_call_output', call_id: 'fc1', output: rows(200) },
      ],
    });

    const sent = JSON.parse((await post('/v1/responses', body)).toString()) as {
      input: Array<{ arguments?: string; call_id?: string; output?: string }>;
    };

    expect(sent.input[1]).toMatchObject({ call_id: 'fc1', arguments: '{"a":1}{"b":2}' });
    expect(sent.input[2].call_id).toBe('fc1');
    expect(sent.input[2].output?.length).toBeLessThan(rows(200).length);
  });

  it('adds the retrieval tool once and keeps it byte-identical and in place for later turns (BL-19)', async () => {
    const messages: unknown[] = [{ role: 'user', content: 'start' }];
    const toolsPerTurn: string[] = [];
    const forwardedPerTurn: string[][] = [];

    for (let turn = 1; turn <= 6; turn += 1) {
      messages.push({
        role: 'assistant',
        content: [{ type: 'tool_use', id: `t${turn}`, name: 'fetch', input: {} }],
      });
      messages.push({
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: `t${turn}`,
            content: turn === 2 ? rows(300) : `small result ${turn}`,
          },
        ],
      });
      const body = JSON.stringify({
        model: 'claude-sonnet-4-5',
        max_tokens: 100,
        system: 'You are helpful.',
        tools: [{ name: 'fetch', description: 'fetch', input_schema: { type: 'object' } }],
        messages,
      });
      const sent = JSON.parse(
        (await post('/v1/messages', body, ANTHROPIC_HEADERS)).toString(),
      ) as AnthropicBody;
      toolsPerTurn.push(JSON.stringify(sent.tools));
      forwardedPerTurn.push(sent.messages.map((message) => JSON.stringify(message)));
      messages.push({ role: 'assistant', content: [{ type: 'text', text: `ok ${turn}` }] });
      messages.push({ role: 'user', content: `next ${turn}` });
    }

    expect(toolsPerTurn[0]).not.toContain(RETRIEVAL_TOOL_NAME);
    expect(toolsPerTurn[1]).toContain(RETRIEVAL_TOOL_NAME);
    expect(new Set(toolsPerTurn.slice(1)).size).toBe(1);
    // BL-21 on the same session: every earlier message is re-sent with the same bytes.
    for (let turn = 1; turn < forwardedPerTurn.length; turn += 1) {
      const previous = forwardedPerTurn[turn - 1];
      expect(forwardedPerTurn[turn].slice(0, previous.length)).toEqual(previous);
    }
  });

  it('sends older compressed tool results with the same bytes when every turn adds fresh rows (BL-21)', async () => {
    const messages: unknown[] = [{ role: 'user', content: 'go' }];
    const forwarded: string[][] = [];

    for (let turn = 1; turn <= 5; turn += 1) {
      messages.push({
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: `c${turn}`, type: 'function', function: { name: 'rows', arguments: '{}' } },
        ],
      });
      messages.push({ role: 'tool', tool_call_id: `c${turn}`, content: rows(300, turn * 1000) });
      const body = await post(
        '/v1/chat/completions',
        JSON.stringify({ model: 'gpt-4o', messages }),
        { ...HEADERS, 'x-headroom-session-id': 'bl21-session' },
      );
      expect(body.toString()).toMatch(markerPattern());
      const sent = JSON.parse(body.toString()) as ChatBody;
      forwarded.push(sent.messages.map((message) => JSON.stringify(message)));
    }

    for (let turn = 1; turn < forwarded.length; turn += 1) {
      const previous = forwarded[turn - 1];
      expect(forwarded[turn].slice(0, previous.length)).toEqual(previous);
    }
  });

  it('compresses the newest tool_result even when system and the newest text carry cache_control (BL-31)', async () => {
    const records = JSON.stringify(
      Array.from({ length: 100 }, (_, i) => ({
        id: i,
        title: `Record number ${i} with a longish title`,
        owner: `user${i % 9}@example.com`,
        created: `2026-01-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z`,
        state: i % 13 === 0 ? 'blocked' : 'open',
        tags: ['alpha', 'beta', 'gamma'],
        score: i * 3.25,
        description: 'Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod.',
      })),
    );
    const system = [
      { type: 'text', text: 'You are a records assistant.', cache_control: { type: 'ephemeral' } },
    ];
    const question = {
      type: 'text',
      text: 'Which records are blocked?',
      cache_control: { type: 'ephemeral' },
    };
    const body = JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      system,
      messages: [
        { role: 'user', content: 'list records' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'tu', name: 'records', input: {} }],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'tu', content: records }, question],
        },
      ],
    });

    const sent = JSON.parse(
      (await post('/v1/messages', body, ANTHROPIC_HEADERS)).toString(),
    ) as AnthropicBody;

    expect(sent.system).toEqual(system);
    const newest = sent.messages[2].content as Array<{ content?: string }>;
    expect(newest[1]).toEqual(question);
    expect(newest[0].content?.length).toBeLessThan(records.length * 0.6);
  });

  it.each([
    [
      'Python',
      '# 配置加载 🚀\nimport os\nimport json\n\n' +
        Array.from(
          { length: 30 },
          (_, i) =>
            `def load_${i}(path: str) -> dict:\n    """Load config ${i} ✅."""\n` +
            `    with open(path) as handle:\n        data = json.load(handle)\n` +
            `    if not data:\n        raise ValueError("empty ${i}")\n` +
            `    result = {k: v for k, v in data.items() if k}\n    for key in result:\n` +
            `        print(key, os.getcwd())\n    return result\n\n`,
        ).join(''),
      ['import os', 'def load_0(path: str) -> dict:', 'def load_29(path: str) -> dict:'],
    ],
    [
      'TypeScript',
      '// café ✅\n' +
        Array.from(
          { length: 30 },
          (_, i) =>
            `export function sum${i}(a: number, b: number): number {\n  const total = a + b;\n` +
            `  if (total > ${i}) {\n    console.log('big ✅', total);\n  }\n` +
            `  for (let k = 0; k < ${i}; k++) {\n    console.log(k);\n  }\n  return total;\n}\n\n`,
        ).join(''),
      [
        '// café ✅',
        'export function sum0(a: number, b: number): number',
        'export function sum29(a: number, b: number): number',
      ],
    ],
  ])(
    'compresses %s after a non-ASCII first line, keeping imports and signatures (BL-33)',
    async (_language, code, kept) => {
      const response = await fetch(`${harness.url}/v1/compress`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({
          model: 'gpt-4o',
          config: { ccr: true },
          messages: [
            {
              role: 'assistant',
              content: null,
              tool_calls: [
                { id: 'c', type: 'function', function: { name: 'read_file', arguments: '{}' } },
              ],
            },
            { role: 'tool', tool_call_id: 'c', content: code },
          ],
        }),
      });
      const result = (await response.json()) as {
        messages: Array<{ content: string }>;
        compression_ratio: number;
      };
      const output = result.messages[1].content;

      expect(result.compression_ratio).toBeLessThan(0.9);
      for (const line of kept) {
        expect(output).toContain(line);
      }
      const [marker] = parseMarkers(output);
      const original = await fetch(`${harness.url}/v1/retrieve/${marker.key}`);
      expect(original.status).toBe(200);
      expect(await original.text()).toContain(JSON.stringify(code).slice(1, 200));
    },
  );

  it('relays a stream with the retrieval tool in tools as it arrives, stream:true upstream (BL-34)', async () => {
    const events = anthropicStream({ text: 'x'.repeat(400) });
    const intervalMs = 40;
    harness.upstream.enqueue({ kind: 'sse', events, intervalMs });
    const body = JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      stream: true,
      tools: [
        {
          name: RETRIEVAL_TOOL_NAME,
          description: 'retrieve',
          input_schema: { type: 'object', properties: {} },
        },
      ],
      messages: [{ role: 'user', content: 'hi' }],
    });
    const startedAt = Date.now();
    const response = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: ANTHROPIC_HEADERS,
      body,
    });
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    let firstDeltaMs = -1;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (firstDeltaMs < 0 && Buffer.from(value).toString().includes('content_block_delta')) {
        firstDeltaMs = Date.now() - startedAt;
      }
    }
    const totalMs = Date.now() - startedAt;
    const upstreamMs = events.length * intervalMs;

    expect(JSON.parse(harness.upstream.requests[0].body.toString())).toMatchObject({
      stream: true,
    });
    expect(firstDeltaMs).toBeGreaterThanOrEqual(0);
    expect(firstDeltaMs).toBeLessThan(upstreamMs / 3);
    expect(totalMs).toBeLessThan(upstreamMs * 1.1 + 500);
    expect(sha256(harness.upstream.requests[0].body)).toBe(sha256(body));
  });
});
