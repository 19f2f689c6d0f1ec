export * from './anthropic.retrieval';
export * from './openai-chat.retrieval';
export * from './openai-responses.retrieval';
export * from './retrieval-protocol';
export * from './sse';
export * from './usage-sum';
