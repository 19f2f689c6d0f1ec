import { RETRIEVAL_TOOL_NAME, parseMarkers } from '@headroom/contracts';
import { openAIChatCompletion } from '@headroom/testing';
import { type Harness, startHarness } from './support/gateway-harness';

// 300 order rows, three of them failed: a search for them serves 3 of 300.
const rows = JSON.stringify(
  Array.from({ length: 300 }, (_, i) => ({
    id: i,
    sku: `SKU-${String(i).padStart(4, '0')}`,
    status: i % 100 === 37 ? 'error' : 'ok',
    ...(i % 100 === 37 ? { note: 'disk quota exceeded' } : {}),
  })),
);

type RecentRetrieval = {
  hash: string;
  query: string | null;
  items_retrieved: number | null;
  total_items: number | null;
  retrieval_type: string | null;
};

describe('CCR audit trail: how each retrieval read its original (issue #9)', () => {
  let harness: Harness;
  const teamA = { 'x-headroom-key': 'key-a', 'content-type': 'application/json' };
  const teamB = { 'x-headroom-key': 'key-b' };

  beforeAll(async () => {
    harness = await startHarness({ env: { HEADROOM_API_KEYS: 'key-a:team-a,key-b:team-b' } });
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => harness.upstream.reset());

  function chat(): Promise<Response> {
    return fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...teamA, authorization: 'Bearer sk-test' },
      body: JSON.stringify({
        model: 'gpt-4o',
        tools: [{ type: 'function', function: { name: 'list_orders', parameters: {} } }],
        messages: [
          { role: 'user', content: 'Which orders failed and why?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_o',
                type: 'function',
                function: { name: 'list_orders', arguments: '{}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_o', content: rows },
        ],
      }),
    });
  }

  async function recent(headers: Record<string, string>): Promise<RecentRetrieval[]> {
    const response = await fetch(`${harness.url}/v1/retrieve/stats`, { headers });
    expect(response.status).toBe(200);

    return ((await response.json()) as { recent_retrievals: RecentRetrieval[] }).recent_retrievals;
  }

  it('lists a search with its query and counts, and the model’s retrieval as a full read', async () => {
    harness.upstream.enqueue({ kind: 'json', body: openAIChatCompletion({ text: 'noted' }) });
    await chat();
    const sent = harness.upstream.requests[0].body.toString('utf8').replace(/\\"/g, '"');
    const hash = parseMarkers(sent)[0]?.key;
    expect(hash).toMatch(/^[0-9a-f]{24}$/);

    const search = await fetch(`${harness.url}/v1/retrieve`, {
      method: 'POST',
      headers: teamA,
      body: JSON.stringify({ hash, query: 'disk quota' }),
    });
    expect(((await search.json()) as { count: number }).count).toBe(3);

    harness.upstream.enqueue(
      {
        kind: 'json',
        body: openAIChatCompletion({
          toolCalls: [{ id: 'call_r', name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${hash}"}` }],
        }),
      },
      { kind: 'json', body: openAIChatCompletion({ text: 'Orders 37, 137 and 237 failed.' }) },
    );
    expect((await chat()).status).toBe(200);

    const toolCall = await fetch(`${harness.url}/v1/retrieve/tool_call`, {
      method: 'POST',
      headers: teamA,
      body: JSON.stringify({
        tool_call: {
          id: 'call_s',
          type: 'function',
          function: {
            name: RETRIEVAL_TOOL_NAME,
            arguments: JSON.stringify({ hash, query: 'SKU-0042' }),
          },
        },
        provider: 'openai',
      }),
    });
    expect(toolCall.status).toBe(200);

    expect(await recent(teamA)).toEqual([
      expect.objectContaining({
        hash,
        retrieval_type: 'search',
        query: 'SKU-0042',
        items_retrieved: 1,
        total_items: 300,
      }),
      expect.objectContaining({
        hash,
        retrieval_type: 'full',
        query: null,
        items_retrieved: 300,
        total_items: 300,
      }),
      expect.objectContaining({
        hash,
        retrieval_type: 'search',
        query: 'disk quota',
        items_retrieved: 3,
        total_items: 300,
      }),
    ]);
    const other = await recent(teamB);
    expect(JSON.stringify(other)).not.toContain('disk quota');
    expect(other.map((item) => item.hash)).not.toContain(hash);
  });
});
