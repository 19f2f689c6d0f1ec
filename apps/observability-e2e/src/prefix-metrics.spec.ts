import { anthropicToolTurn } from './support/known-requests';
import { parseExposition, total } from './support/exposition';
import {
  type ObservabilityHarness,
  getText,
  sendProviderRequest,
  startObservabilityHarness,
} from './support/observability-harness';

type Body = { messages: { role: string; content: unknown }[] } & Record<string, unknown>;

/** The next turn of a conversation: the model's answer and a new question appended. */
function nextTurn(body: Body, question: string): Body {
  return {
    ...body,
    messages: [
      ...body.messages,
      { role: 'assistant', content: [{ type: 'text', text: 'Service 0 and 23 are degraded.' }] },
      { role: 'user', content: question },
    ],
  };
}

describe('prefix stability metrics', () => {
  let harness: ObservabilityHarness;

  beforeAll(async () => {
    harness = await startObservabilityHarness();
  });

  afterAll(() => harness?.close());

  it('count stable prefix items per turn and busts by reason', async () => {
    const session = { 'x-headroom-session-id': 'prefix-metrics' };
    const first = JSON.parse(anthropicToolTurn()) as Body;
    const second = nextTurn(first, 'And which region are they in?');
    // The client rewrites its own first question: everything after it is new to the cache.
    const edited: Body = {
      ...second,
      messages: [
        { role: 'user', content: 'Which services are failing?' },
        ...second.messages.slice(1),
      ],
    };

    for (const body of [first, second, edited]) {
      expect(
        await sendProviderRequest(harness.url, 'anthropic-messages', JSON.stringify(body), session),
      ).toBe(200);
    }
    const samples = parseExposition(await getText(`${harness.url}/metrics`));
    const route = { route: 'anthropic-messages' };

    // Turn two replays turn one's three items; turn three finds five earlier items.
    expect(total(samples, 'headroom_prefix_items_total', route)).toBe(3 + 5);
    expect(total(samples, 'headroom_prefix_stable_items_total', route)).toBe(3 + 0);
    expect(
      total(samples, 'headroom_prefix_busts_total', { ...route, reason: 'client-edited-history' }),
    ).toBe(1);
  });
});
