import { Readable } from 'node:stream';
import {
  type LookupResult,
  type OriginalStore,
  RETRIEVAL_TOOL_NAME,
  ccrKey,
} from '@headroom/contracts';
import type { PipelineResult } from '@headroom/pipeline';
import { type ProviderFormat, formatSse } from '@headroom/providers';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import type { ProviderExchange } from '../proxy/provider-exchange';
import { ResponseHookRegistry } from '../proxy/response-hook.registry';
import type { UpstreamClient } from '../upstream/upstream.client';
import type { UpstreamResponse } from '../upstream/upstream.types';
import { RetrievalLoopHook } from './retrieval-loop.hook';

const hash = ccrKey('the original');

const store: OriginalStore = {
  save: async () => undefined,
  lookup: async (_tenant: string, key: string): Promise<LookupResult> => ({
    status: 'missing',
    key,
  }),
};

function answer(contentType: string, parts: string[]): UpstreamResponse {
  return {
    status: 200,
    headers: { 'content-type': contentType },
    body: Readable.from(parts.map((part) => Buffer.from(part))),
    isOriginalBody: true,
  };
}

function setup(format: ProviderFormat, continuation: UpstreamResponse) {
  const upstream = { send: async () => continuation } as unknown as UpstreamClient;
  const hook = new RetrievalLoopHook(
    new ResponseHookRegistry(),
    upstream,
    new GatewayMetrics(),
    store,
  );
  const exchange = {
    requestId: 'req-1',
    format,
    provider: format === 'anthropic-messages' ? 'anthropic' : 'openai',
    tenant: 'acme',
    method: 'POST',
    path: '/v1/chat/completions',
    upstreamHeaders: {},
    forwardedBody: Buffer.from('{"model":"m","messages":[{"role":"user","content":"q"}]}'),
    pipeline: { retrievalToolInjected: true } as PipelineResult,
    signal: new AbortController().signal,
  } as unknown as ProviderExchange;

  return { hook, exchange };
}

async function drain(body: Readable): Promise<void> {
  for await (const _chunk of body) {
    // read to the end, as the relay does
  }
}

describe(RetrievalLoopHook.name, () => {
  describe('onUpstreamResponse', () => {
    it('gives the usage row the cached tokens of every round of a JSON answer (BL-23)', async () => {
      const round = (message: object, cached: number) =>
        JSON.stringify({
          id: 'c',
          choices: [{ index: 0, message }],
          usage: {
            prompt_tokens: 1000,
            completion_tokens: 5,
            total_tokens: 1005,
            prompt_tokens_details: { cached_tokens: cached },
          },
        });
      const call = {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: RETRIEVAL_TOOL_NAME, arguments: `{"hash":"${hash}"}` },
          },
        ],
      };
      const { hook, exchange } = setup(
        'openai-chat',
        answer('application/json', [round({ role: 'assistant', content: 'done' }, 700)]),
      );

      const response = await hook.onUpstreamResponse(
        exchange,
        answer('application/json', [round(call, 300)]),
      );
      await drain(response.body);

      expect(exchange.cachedTokens).toBe(1000);
    });

    it('gives the usage row the cached tokens of every round of an Anthropic stream (BL-23)', async () => {
      const event = (type: string, data: object = {}) => formatSse(type, { type, ...data });
      const round = (block: object, reason: string, cacheRead: number) => [
        event('message_start', {
          message: {
            id: 'msg',
            content: [],
            usage: { input_tokens: 10, cache_read_input_tokens: cacheRead, output_tokens: 1 },
          },
        }),
        event('content_block_start', { index: 0, content_block: block }),
        event('content_block_stop', { index: 0 }),
        event('message_delta', { delta: { stop_reason: reason }, usage: { output_tokens: 5 } }),
        event('message_stop'),
      ];
      const { hook, exchange } = setup(
        'anthropic-messages',
        answer('text/event-stream', round({ type: 'text', text: 'done' }, 'end_turn', 900)),
      );
      const call = { type: 'tool_use', id: 'toolu_1', name: RETRIEVAL_TOOL_NAME, input: { hash } };

      const response = await hook.onUpstreamResponse(
        exchange,
        answer('text/event-stream', round(call, 'tool_use', 100)),
      );
      await drain(response.body);

      expect(exchange.cachedTokens).toBe(1000);
    });
  });
});
