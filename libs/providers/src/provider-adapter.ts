import { inspectAnthropicMessages } from './anthropic-messages.adapter';
import { inspectOpenAiChat } from './openai-chat.adapter';
import { inspectOpenAiResponses } from './openai-responses.adapter';
import type { ProviderFormat } from './provider-format';
import type { JsonObject, RequestView } from './request-view';

const INSPECTORS: Record<ProviderFormat, (body: JsonObject) => RequestView> = {
  'openai-chat': inspectOpenAiChat,
  'openai-responses': inspectOpenAiResponses,
  'anthropic-messages': inspectAnthropicMessages,
};

/** Reads what the pipeline needs from a parsed request body of the given format. */
export function inspectRequest(format: ProviderFormat, body: JsonObject): RequestView {
  return INSPECTORS[format](body);
}
