import type { ProviderFormat } from './provider-format';
import { anthropicRetrieval } from './retrieval/anthropic.retrieval';
import { openAiChatRetrieval } from './retrieval/openai-chat.retrieval';
import { openAiResponsesRetrieval } from './retrieval/openai-responses.retrieval';
import type { RetrievalProtocol } from './retrieval/retrieval-protocol';

const PROTOCOLS: Record<ProviderFormat, RetrievalProtocol> = {
  'openai-chat': openAiChatRetrieval,
  'openai-responses': openAiResponsesRetrieval,
  'anthropic-messages': anthropicRetrieval,
};

export function retrievalProtocolFor(format: ProviderFormat): RetrievalProtocol {
  return PROTOCOLS[format];
}
