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

type Replay = {
  turns: number;
  /** Turns whose head and earlier messages carried exactly the previous turn's bytes. */
  stableTurns: number;
  /** Turns whose earlier messages did (the head may have gained the retrieval tool). */
  stableHistoryTurns: number;
  /** Turns where the head changed: only allowed when the retrieval tool joined. */
  headChanges: { turn: number; toolJoined: boolean }[];
  tokensBefore: number;
  tokensAfter: number;
};

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
  const result: Replay = {
    turns: bodies.length,
    stableTurns: 0,
    stableHistoryTurns: 0,
    headChanges: [],
    tokensBefore: 0,
    tokensAfter: 0,
  };
  let previous: { text: string; count: number; injected: boolean } | undefined;

  for (const [turn, body] of bodies.entries()) {
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

    const before = previous ? slices(previous.text, head, 'messages', previous.count) : [];
    const now = previous ? slices(text, head, 'messages', previous.count) : [];
    const headSame = before.slice(0, head.length).every((slice, index) => slice === now[index]);
    const historySame = before
      .slice(head.length)
      .every((slice, index) => slice === now[head.length + index]);
    if (headSame && historySame) result.stableTurns += 1;
    if (historySame) result.stableHistoryTurns += 1;
    if (!headSame) {
      result.headChanges.push({
        turn,
        toolJoined: run.retrievalToolInjected && !previous?.injected,
      });
    }
    previous = { text, count, injected: run.retrievalToolInjected };
  }

  return result;
}

describe('conversation replay through the pipeline', () => {
  const conversations = claudeCodeConversations();
  const report: string[] = [];

  afterAll(() => {
    console.log(
      [
        'conversation | shape | turns | prefix-identical | tool joined | tokens saved',
        ...report,
      ].join('\n'),
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
          `${name.slice(0, 8)} | ${shape} | ${result.turns} | ${((100 * result.stableTurns) / result.turns).toFixed(1)}% | ${result.headChanges.map((change) => `turn ${change.turn + 1}`).join(', ') || '-'} | ${saved} (${((100 * saved) / result.tokensBefore).toFixed(1)}%)`,
        );
        // Every earlier message keeps its bytes in every turn; the head changes
        // at most once, on the turn the retrieval tool joins the session.
        expect(result.stableHistoryTurns).toBe(result.turns);
        expect(result.headChanges.length).toBeLessThanOrEqual(1);
        expect(result.headChanges.every((change) => change.toolJoined)).toBe(true);
        expect(result.tokensAfter).toBeLessThan(result.tokensBefore);
      }
    },
    120_000,
  );
});
