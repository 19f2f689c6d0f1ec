import { type JsonPath, locateValues, pathKey } from '@headroom/providers';
import { type Harness, startHarness } from './support/gateway-harness';
// The corpus readers live beside the pipeline's own replay test; the same
// conversations, now sent through HTTP to a recording upstream.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  anthropicRequest,
  chatRequest,
  claudeCodeConversations,
  toChatMessages,
  turnsOf,
} from '../../../libs/pipeline/test/corpus-conversations';

/** The raw bytes of each head field and each earlier message, as the upstream received them. */
function prefixSlices(text: string, head: string[], count: number): string[] {
  const paths: JsonPath[] = [
    ...head.map((field) => [field]),
    ...Array.from({ length: count }, (_, i) => ['messages', i]),
  ];
  const spans = locateValues(text, paths);
  return paths.map((path) => {
    const span = spans.get(pathKey(path));
    return span ? text.slice(span.start, span.end) : '';
  });
}

describe('conversation replay through the gateway', () => {
  let harness: Harness;
  const conversation = claudeCodeConversations()[0];

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it.each([
    [
      'anthropic',
      '/v1/messages',
      ['system', 'tools'],
      turnsOf(conversation.messages).map(anthropicRequest),
    ],
    [
      'openai',
      '/v1/chat/completions',
      ['tools'],
      turnsOf(toChatMessages(conversation.messages)).map(chatRequest),
    ],
  ] as const)(
    'sends every earlier message of a %s session with its earlier bytes',
    async (_shape, path, head, bodies) => {
      harness.upstream.reset();
      let previous: { text: string; count: number } | undefined;
      let historyIdentical = 0;
      let headChanges = 0;

      for (const body of bodies) {
        const response = await fetch(`${harness.url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: 'Bearer sk-replay',
            'anthropic-version': '2023-06-01',
          },
          body,
        });
        await response.arrayBuffer();
        const sent = harness.upstream.lastRequest?.body.toString('utf8') ?? '';
        const count = (JSON.parse(body) as { messages: unknown[] }).messages.length;

        if (previous) {
          const before = prefixSlices(previous.text, [...head], previous.count);
          const now = prefixSlices(sent, [...head], previous.count);
          const headSame =
            before.slice(0, head.length).join('\u0000') ===
            now.slice(0, head.length).join('\u0000');
          if (!headSame) headChanges += 1;
          if (before.slice(head.length).join('\u0000') === now.slice(head.length).join('\u0000'))
            historyIdentical += 1;
        } else {
          historyIdentical += 1;
        }
        previous = { text: sent, count };
      }

      // Every earlier message keeps its bytes; the head (tools) changes once,
      // when the retrieval tool joins the session with the first marker.
      expect(historyIdentical).toBe(bodies.length);
      expect(headChanges).toBeLessThanOrEqual(1);
    },
    180_000,
  );
});
