import Database from 'better-sqlite3';
import { anthropicToolTurn } from './support/known-requests';
import {
  type ObservabilityHarness,
  getJson,
  sendProviderRequest,
  startObservabilityHarness,
} from './support/observability-harness';

const USAGE = { input_tokens: 50, output_tokens: 5, cache_read_input_tokens: 1234 };

describe('cached tokens in the usage table', () => {
  let harness: ObservabilityHarness;

  beforeAll(async () => {
    harness = await startObservabilityHarness();
  });

  afterAll(() => harness?.close());

  it('stores what the provider reported, from a JSON and an SSE answer', async () => {
    harness.upstream.enqueue(
      {
        // A small answer of known length: the relay reads it whole before relaying.
        kind: 'raw',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          content: [{ type: 'text', text: 'ok' }],
          usage: USAGE,
        }),
      },
      {
        kind: 'sse',
        events: [
          {
            event: 'message_start',
            data: {
              type: 'message_start',
              message: {
                id: 'msg_2',
                type: 'message',
                role: 'assistant',
                content: [],
                usage: { ...USAGE, cache_read_input_tokens: 777 },
              },
            },
          },
          { event: 'message_stop', data: { type: 'message_stop' } },
        ],
      },
    );

    // No tools: the retrieval tool is not injected, so the relay reads the small
    // JSON answer itself (answers the retrieval loop rewrites are not read yet).
    const plain = {
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    };
    expect(
      await sendProviderRequest(harness.url, 'anthropic-messages', JSON.stringify(plain)),
    ).toBe(200);
    const body = JSON.parse(anthropicToolTurn()) as Record<string, unknown>;
    expect(
      await sendProviderRequest(
        harness.url,
        'anthropic-messages',
        JSON.stringify({ ...body, model: 'claude-haiku-4-5', stream: true }),
      ),
    ).toBe(200);
    await getJson(`${harness.url}/stats-history`);

    const db = new Database(harness.databasePath, { readonly: true });
    const rows = db.prepare('SELECT model, cached_tokens FROM usage_requests ORDER BY id').all();
    db.close();

    expect(rows).toEqual([
      { model: 'claude-sonnet-4-5', cached_tokens: 1234 },
      { model: 'claude-haiku-4-5', cached_tokens: 777 },
    ]);
  });
});
