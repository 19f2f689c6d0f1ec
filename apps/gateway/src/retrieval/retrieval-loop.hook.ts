import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ORIGINAL_STORE, type OriginalStore } from '@headroom/contracts';
import { Counter } from 'prom-client';
import { RetrievalLoop, type UpstreamReply } from '@headroom/pipeline';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { cachedTokensIn } from '../proxy/cached-tokens';
import type { ProviderExchange } from '../proxy/provider-exchange';
import { type ResponseHook, ResponseHookRegistry } from '../proxy/response-hook.registry';
import { UpstreamClient } from '../upstream/upstream.client';
import type { UpstreamResponse } from '../upstream/upstream.types';

type Headers = UpstreamResponse['headers'];

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The transparent half of CCR in the gateway: for requests that carry the
 * injected retrieval tool, the model's calls to it are answered here and the
 * conversation continues upstream, so the client sees one ordinary response.
 */
@Injectable()
export class RetrievalLoopHook implements ResponseHook, OnModuleInit {
  readonly name = 'ccr-retrieval-loop';
  private readonly logger = new Logger(RetrievalLoopHook.name);
  private readonly loop: RetrievalLoop;

  constructor(
    private readonly registry: ResponseHookRegistry,
    private readonly upstream: UpstreamClient,
    metrics: GatewayMetrics,
    @Inject(ORIGINAL_STORE) store: OriginalStore,
  ) {
    const calls = new Counter({
      name: 'headroom_retrieval_loop_calls_total',
      help: 'Retrieval tool calls answered by the gateway itself, by lookup outcome',
      labelNames: ['status'],
      registers: [metrics.registry],
    });
    this.loop = new RetrievalLoop(store, {
      onRetrieval: (event) => calls.inc({ status: event.status }),
      onContinuationError: (event) =>
        this.logger.error({
          msg: 'upstream failed a retrieval continuation',
          status: event.status,
        }),
    });
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async onUpstreamResponse(
    exchange: ProviderExchange,
    response: UpstreamResponse,
  ): Promise<UpstreamResponse> {
    const format = exchange.format;
    if (!format || !exchange.pipeline?.retrievalToolInjected || response.status >= 300) {
      return response;
    }

    const body = decoded(response.body, header(response.headers, 'content-encoding'));
    if (!body) {
      this.logger.warn({
        msg: 'cannot read an encoded answer; relayed as is',
        requestId: exchange.requestId,
      });
      return response;
    }

    const request = {
      format,
      requestBody: exchange.forwardedBody,
      tenant: exchange.tenant,
      call: (next: Buffer) => this.continue(exchange, next),
    };
    const headers = withoutEncoding(response.headers);

    if (header(response.headers, 'content-type')?.toLowerCase().startsWith('text/event-stream')) {
      const events = this.loop.completeStream(request, body);
      return {
        ...response,
        headers,
        body: Readable.from(textToBytes(events, exchange)),
        isOriginalBody: false,
      };
    }

    const first = await readAll(body);
    const final = await this.loop.completeJson(request, first);
    recordCachedTokens(exchange, cachedTokensIn(final.body));
    return {
      ...response,
      status: final.status,
      headers,
      body: Readable.from([final.body]),
      isOriginalBody: false,
    };
  }

  private async continue(exchange: ProviderExchange, body: Buffer): Promise<UpstreamReply> {
    this.logger.debug({ msg: 'retrieval round', requestId: exchange.requestId });
    const reply = await this.upstream.send({
      provider: exchange.provider,
      method: exchange.method,
      path: exchange.path,
      headers: exchange.upstreamHeaders,
      body,
      signal: exchange.signal,
      requestId: exchange.requestId,
    });
    const stream = decoded(reply.body, header(reply.headers, 'content-encoding')) ?? reply.body;

    return { status: reply.status, headers: reply.headers, body: stream };
  }
}

function decoded(body: Readable, encoding: string | undefined): Readable | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case undefined:
    case '':
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return body.pipe(createGunzip());
    case 'deflate':
      return body.pipe(createInflate());
    case 'br':
      return body.pipe(createBrotliDecompress());
    default:
      return undefined;
  }
}

function withoutEncoding(headers: Headers): Headers {
  const { 'content-encoding': _encoding, 'content-length': _length, ...rest } = headers;
  return rest;
}

/**
 * The loop's events as bytes. The last event that names cached tokens is the
 * one whose usage covers every round (BL-23), so the usage row takes it when
 * the stream ends, after the relay has read the first one.
 */
async function* textToBytes(
  source: AsyncIterable<string>,
  exchange: ProviderExchange,
): AsyncGenerator<Buffer> {
  let cachedTokens: number | undefined;
  for await (const text of source) {
    const bytes = Buffer.from(text, 'utf8');
    cachedTokens = cachedTokensIn(bytes) ?? cachedTokens;
    yield bytes;
  }
  recordCachedTokens(exchange, cachedTokens);
}

/**
 * A continued request's cached input tokens for its usage row: the sum over
 * its rounds, which the loop's final usage reports. The aligner still hears
 * from the relay, as for every other request.
 */
function recordCachedTokens(exchange: ProviderExchange, cachedTokens: number | undefined): void {
  if (cachedTokens !== undefined) exchange.cachedTokens = cachedTokens;
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
