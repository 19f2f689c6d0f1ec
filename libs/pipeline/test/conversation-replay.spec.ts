import { InMemoryOriginalStore } from '@headroom/ccr';
import { type ProviderFormat, locateValues, pathKey } from '@headroom/providers';
import { createEmbeddedPipeline } from '../src/embedded-pipeline';
import {
  anthropicRequest,
  chatRequest,
  claudeCodeConversations,
  toChatMessages,
  turnsOf,
} from './corpus-conversations';

type Replay = { turns: number; stableTurns: number; tokensBefore: number; tokensAfter: number };

/** Raw bytes of the head fields and of each conversation item in a forwarded body. */
function slices(text: string, head: string[], field: string, count: number): string[] {
  const paths = [
    ...head.map((name) => [name]),
    ...Array.from({ length: count }, (_, i) => [field, i]),
  ];
  const spans = locateValues(text, paths);

  return paths.map((path) => {
    const span = spans.get(pathKey(path));
    return span ? text.slice(span.start, span.end) : '';
  });
}

async function replay(format: ProviderFormat, bodies: string[], head: string[]): Promise<Replay> {
  const pipeline = createEmbeddedPipeline({ store: new InMemoryOriginalStore() });
  const result: Replay = { turns: bodies.length, stableTurns: 0, tokensBefore: 0, tokensAfter: 0 };
  let previous: { text: string; count: number } | undefined;

  for (const body of bodies) {
    const run = await pipeline.run({
      format,
      body: Buffer.from(body),
      tenant: 'replay',
      mode: 'default',
      requestId: 'replay',
      credentialFingerprint: 'replay-key',
    });
    const text = run.body.toString('utf8');
    const count = (JSON.parse(body) as { messages: unknown[] }).messages.length;
    result.tokensBefore += run.tokensBefore;
    result.tokensAfter += run.tokensAfter;

    if (previous) {
      const before = slices(previous.text, head, 'messages', previous.count);
      const now = slices(text, head, 'messages', previous.count);
      if (before.every((slice, index) => slice === now[index])) result.stableTurns += 1;
    } else {
      result.stableTurns += 1;
    }
    previous = { text, count };
  }

  return result;
}

describe('conversation replay through the pipeline', () => {
  const conversations = claudeCodeConversations();
  const report: string[] = [];

  afterAll(() => {
    console.log(
      ['conversation | shape | turns | prefix-identical | tokens saved', ...report].join('\n'),
    );
  });

  it.each(conversations.map((c) => [c.name, c] as const))(
    'keeps every earlier byte stable in %s (Anthropic and OpenAI shapes)',
    async (name, conversation) => {
      const anthropic = await replay(
        'anthropic-messages',
        turnsOf(conversation.messages).map(anthropicRequest),
        ['system', 'tools'],
      );
      const chat = await replay(
        'openai-chat',
        turnsOf(toChatMessages(conversation.messages)).map(chatRequest),
        ['tools'],
      );

      for (const [shape, result] of [
        ['anthropic', anthropic],
        ['openai', chat],
      ] as const) {
        const saved = result.tokensBefore - result.tokensAfter;
        report.push(
          `${name.slice(0, 8)} | ${shape} | ${result.turns} | ${((100 * result.stableTurns) / result.turns).toFixed(1)}% | ${saved} (${((100 * saved) / result.tokensBefore).toFixed(1)}%)`,
        );
        expect(result.stableTurns).toBe(result.turns);
        expect(result.tokensAfter).toBeLessThan(result.tokensBefore);
      }
    },
    120_000,
  );
});
