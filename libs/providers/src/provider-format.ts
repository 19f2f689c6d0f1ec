/** The request shapes the gateway understands well enough to compress. */
export const PROVIDER_FORMATS = ['openai-chat', 'openai-responses', 'anthropic-messages'] as const;

export type ProviderFormat = (typeof PROVIDER_FORMATS)[number];

export type Provider = 'openai' | 'anthropic';

export function providerOf(format: ProviderFormat): Provider {
  return format === 'anthropic-messages' ? 'anthropic' : 'openai';
}
