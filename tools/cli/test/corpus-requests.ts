import { writeFileSync } from 'node:fs';
// The pipeline's own corpus replay helpers build the requests, so the audit
// sees the same turns the pipeline's replay test does.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  anthropicRequest,
  chatRequest,
  claudeCodeConversations,
  toChatMessages,
  turnsOf,
} from '../../../libs/pipeline/test/corpus-conversations';

export type CorpusRequest = { format: 'anthropic-messages' | 'openai-chat'; body: string };

/**
 * Every turn of `conversations` Claude Code conversations (after `skip`), in order:
 * each as an Anthropic request, plus (for every `chatEvery`-th conversation)
 * the same turns in Chat Completions shape.
 */
export function corpusRequests(conversations: number, chatEvery = 3, skip = 0): CorpusRequest[] {
  return claudeCodeConversations()
    .slice(skip, skip + conversations)
    .flatMap((conversation, index) => {
      const turns = turnsOf(conversation.messages);
      const anthropic = turns.map((turn) => ({
        format: 'anthropic-messages' as const,
        body: anthropicRequest(turn),
      }));
      const chat =
        index % chatEvery === chatEvery - 1
          ? turnsOf(toChatMessages(conversation.messages)).map((turn) => ({
              format: 'openai-chat' as const,
              body: chatRequest(turn),
            }))
          : [];

      return [...anthropic, ...chat];
    });
}

export function writeJsonl(path: string, lines: readonly string[]): void {
  writeFileSync(path, `${lines.join('\n')}\n`);
}
