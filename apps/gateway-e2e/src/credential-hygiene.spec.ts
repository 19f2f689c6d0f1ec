import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { RETRIEVAL_TOOL_NAME, parseMarkers } from '@headroom/contracts';
import { anthropicStream, openAIChatCompletion } from '@headroom/testing';
import OpenAI from 'openai';
import { type Harness, startHarness } from './support/gateway-harness';

// Distinctive values, so a leak anywhere is found by a plain search.
const OPENAI_KEY = 'sk-canary-openai-7f3e9c1d';
const ANTHROPIC_KEY = 'sk-ant-canary-2b8d4a6f';
const GATEWAY_KEY = 'hr-canary-gateway-5c1e';

const rows = JSON.stringify(
  Array.from({ length: 250 }, (_, id) => ({
    id,
    host: `web-${id % 9}`,
    status: id === 77 ? 'down' : 'up',
  })),
);

describe('credentials never reach logs or the database', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ env: { HEADROOM_API_KEYS: `${GATEWAY_KEY}:acme` } });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('after compression, retrieval and streaming on both providers', async () => {
    const headers = { 'x-headroom-key': GATEWAY_KEY, 'openai-organization': 'org-canary-91' };
    const openai = new OpenAI({
      apiKey: OPENAI_KEY,
      baseURL: `${harness.url}/v1`,
      maxRetries: 0,
      defaultHeaders: headers,
    });
    const anthropic = new Anthropic({
      apiKey: ANTHROPIC_KEY,
      baseURL: harness.url,
      maxRetries: 0,
      defaultHeaders: headers,
    });
    const history: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Which host is down?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'hosts', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: rows },
    ];

    harness.upstream.enqueue({ kind: 'json', body: openAIChatCompletion({ text: 'noted' }) });
    await openai.chat.completions.create({ model: 'gpt-4o', messages: history });
    const key = parseMarkers(
      harness.upstream.lastRequest?.body.toString('utf8').replace(/\\"/g, '"') ?? '',
    )[0]?.key;
    expect(key).toBeDefined();

    harness.upstream.enqueue(
      {
        kind: 'json',
        body: openAIChatCompletion({
          toolCalls: [{ id: 'r1', name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${key}"}` }],
        }),
      },
      { kind: 'json', body: openAIChatCompletion({ text: 'web-5 is down' }) },
    );
    await openai.chat.completions.create({ model: 'gpt-4o', messages: history });
    harness.upstream.enqueue({ kind: 'sse', events: anthropicStream({ text: 'ok' }) });
    await anthropic.messages
      .stream({
        model: 'claude-sonnet-4-5',
        max_tokens: 32,
        messages: [
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: rows }] },
        ],
      })
      .finalMessage();
    await fetch(`${harness.url}/v1/retrieve/${key}`, {
      headers: { 'x-headroom-key': GATEWAY_KEY },
    });

    // The upstream did get the credentials: they were forwarded, not dropped.
    expect(
      harness.upstream.requests.some((r) => r.headers['authorization'] === `Bearer ${OPENAI_KEY}`),
    ).toBe(true);

    // Usage rows are written in batches; give the writer a moment.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const databaseDir = dirname((process.env['HEADROOM_DATABASE_URL'] ?? '').replace(/^file:/, ''));
    const databaseBytes = readdirSync(databaseDir)
      .map((name) => readFileSync(`${databaseDir}/${name}`).toString('latin1'))
      .join('\n');
    const logs = harness.logs.join('\n');

    for (const secret of [OPENAI_KEY, ANTHROPIC_KEY, GATEWAY_KEY, 'org-canary-91']) {
      expect(logs).not.toContain(secret);
      expect(databaseBytes).not.toContain(secret);
    }
    expect(databaseBytes).toContain(key);
  });
});
