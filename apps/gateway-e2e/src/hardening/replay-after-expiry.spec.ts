import { markerPattern, parseMarkers, RETRIEVAL_TOOL_NAME } from '@headroom/contracts';
import { openAIChatCompletion } from '@headroom/testing';
import { type Harness, startHarness } from '../support/gateway-harness';

// A tester's finding: with a short HEADROOM_CCR_TTL, a session resumed after
// its originals expired replayed the same marker text, and the model's
// retrieval then found nothing. Turn 2 carries the whole original again, so
// the gateway must store it again before the replayed marker goes out.

const rows = JSON.stringify(
  Array.from({ length: 377 }, (_, i) => ({
    id: i,
    sku: `SKU-${String(i).padStart(4, '0')}`,
    qty: i % 9,
    status: i === 211 ? 'error' : 'ok',
    ...(i === 211 ? { note: 'carrier rejected the label' } : {}),
  })),
);
const HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-resumed' };

function chat(): string {
  return JSON.stringify({
    model: 'gpt-4o',
    tools: [{ type: 'function', function: { name: 'orders', parameters: { type: 'object' } } }],
    messages: [
      { role: 'user', content: 'Which order failed, and why?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'orders', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: rows },
    ],
  });
}

type SentChat = { messages: { role: string; content: string | null }[] };

function toolMessage(body: Buffer): string {
  const sent = JSON.parse(body.toString('utf8')) as SentChat;

  return sent.messages[2].content ?? '';
}

describe('hardening: a session resumed after its originals expired', () => {
  let harness: Harness;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    // The CCR store reads its retention from the process environment at boot.
    for (const [name, value] of [
      ['HEADROOM_CCR_TTL', '4s'],
      ['HEADROOM_CCR_PURGE_INTERVAL', '1s'],
    ]) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('replays the same bytes on turn 2 and the model still retrieves the original', async () => {
    harness.upstream.enqueue({ kind: 'json', body: openAIChatCompletion({ text: 'noted' }) });
    const first = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: HEADERS,
      body: chat(),
    });
    await first.text();
    const turn1 = toolMessage(harness.upstream.requests[0].body);
    const [marker] = parseMarkers(turn1);
    expect(marker).toBeDefined();

    // Past the TTL and past a purge: the original of turn 1 is gone.
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    harness.upstream.reset();
    harness.upstream.enqueue(
      {
        kind: 'json',
        body: openAIChatCompletion({
          toolCalls: [
            { id: 'call_r', name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${marker.key}"}` },
          ],
        }),
      },
      {
        kind: 'json',
        body: openAIChatCompletion({ text: 'Order 211: carrier rejected the label' }),
      },
    );

    const second = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: HEADERS,
      body: chat(),
    });
    const completion = (await second.json()) as { choices: { message: { content: string } }[] };

    expect(second.status).toBe(200);
    expect(toolMessage(harness.upstream.requests[0].body)).toBe(turn1);
    expect(completion.choices[0].message.content).toBe('Order 211: carrier rejected the label');
    const continuation = JSON.parse(harness.upstream.requests[1].body.toString('utf8')) as SentChat;
    const answer = continuation.messages.at(-1);
    expect(answer?.role).toBe('tool');
    expect(answer?.content).toBe(rows);
    expect(answer?.content).not.toMatch(markerPattern());
  }, 30_000);
});
