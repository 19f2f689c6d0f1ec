import { pipeline, type Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CompressionPipeline } from '@headroom/pipeline';
import type { FastifyReply } from 'fastify';
import { COMPRESSION_PIPELINE } from '../pipeline/pipeline.tokens';
import { clientResponseHeaders } from '../upstream/forward-headers';
import type { UpstreamResponse } from '../upstream/upstream.types';
import { cachedTokensIn, decodedForInspection } from './cached-tokens';
import type { ProviderExchange } from './provider-exchange';
import { ResponseHookRegistry } from './response-hook.registry';
import { SseFramer } from './sse-framer';

function isEventStream(headers: UpstreamResponse['headers']): boolean {
  const value = headers['content-type'];
  const contentType = Array.isArray(value) ? value[0] : value;

  return contentType?.toLowerCase().startsWith('text/event-stream') ?? false;
}

const SMALL_BODY_BYTES = 256 * 1024;

function declaredLength(headers: UpstreamResponse['headers']): number | undefined {
  const value = headers['content-length'];
  const length = Number(Array.isArray(value) ? value[0] : value);

  return value !== undefined && Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

async function collect(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];

  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
  }

  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

function hasNoBody(method: string, status: number): boolean {
  return method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
}

/**
 * The one way an upstream response reaches a client. Status, headers and body
 * go through as the upstream sent them: JSON and errors as a byte stream, SSE
 * event by event the moment each event is complete. Never buffered whole, and
 * the content type decides, not the request's `stream` flag (an upstream may
 * answer `stream:false` with SSE, BL-17).
 */
@Injectable()
export class ResponseRelay {
  private readonly logger = new Logger(ResponseRelay.name);

  constructor(
    private readonly hooks: ResponseHookRegistry,
    @Inject(COMPRESSION_PIPELINE) private readonly pipeline: CompressionPipeline,
  ) {}

  async relay(
    exchange: ProviderExchange,
    upstream: UpstreamResponse,
    reply: FastifyReply,
  ): Promise<void> {
    let response = upstream;

    for (const hook of this.hooks.list()) {
      response = await hook.onUpstreamResponse(exchange, response);
    }

    this.logOutcome(exchange, response);
    reply
      .code(response.status)
      .headers(clientResponseHeaders(response.headers, response.isOriginalBody));

    if (hasNoBody(exchange.method, response.status)) {
      response.body.resume();
      await reply.send();

      return;
    }

    if (isEventStream(response.headers)) {
      await reply.send(this.frameEvents(exchange, response.body));

      return;
    }

    const length = declaredLength(response.headers);

    // A small answer of known size goes out in one write with its headers: the
    // same bytes, fewer syscalls. Anything else streams as it arrives.
    if (length !== undefined && length <= SMALL_BODY_BYTES) {
      const body = await collect(this.watch(exchange, response.body));
      const encoding = response.headers['content-encoding'];
      const readable = decodedForInspection(body, Array.isArray(encoding) ? encoding[0] : encoding);
      if (readable) {
        this.recordCacheUse(exchange, readable);
      }
      await reply.send(body);

      return;
    }

    // TODO(#2): large or unsized JSON answers stream straight through, so their
    // cache usage is not reported to the aligner.

    await reply.send(this.watch(exchange, response.body));
  }

  private frameEvents(exchange: ProviderExchange, body: Readable): Readable {
    let isRecorded = false;
    const framer = new SseFramer((event) => {
      if (!isRecorded) {
        isRecorded = this.recordCacheUse(exchange, event);
      }

      return event;
    });

    // `pipeline` destroys the framer when the upstream body fails, so the client
    // connection is cut rather than ended as if the stream were complete.
    pipeline(this.watch(exchange, body), framer, () => undefined);

    return framer;
  }

  /** Tells the aligner how much of the prompt the provider served from cache. */
  private recordCacheUse(exchange: ProviderExchange, bytes: Buffer): boolean {
    const sessionKey = exchange.pipeline?.sessionKey;
    const cachedTokens = sessionKey === undefined ? undefined : cachedTokensIn(bytes);

    if (sessionKey === undefined || cachedTokens === undefined) {
      return false;
    }

    exchange.cachedTokens = cachedTokens;
    this.pipeline.recordUsage(sessionKey, cachedTokens).catch((error: unknown) => {
      this.logger.warn({
        msg: 'could not record cache usage',
        requestId: exchange.requestId,
        error: error instanceof Error ? error.message : String(error),
      });
    });

    return true;
  }

  private watch(exchange: ProviderExchange, body: Readable): Readable {
    body.once('error', (error: Error & { code?: string }) => {
      if (exchange.signal.aborted) {
        return;
      }

      this.logger.warn({
        msg: 'upstream body failed mid-response',
        requestId: exchange.requestId,
        route: exchange.route,
        code: error.code ?? error.name,
      });
    });

    return body;
  }

  private logOutcome(exchange: ProviderExchange, response: UpstreamResponse): void {
    if (response.status < 500) {
      return;
    }

    // Upstream overloads and outages are relayed as is (status and body), and
    // logged here once so they are never silent (BL-15).
    this.logger.error({
      msg: 'upstream answered with a server error',
      requestId: exchange.requestId,
      route: exchange.route,
      provider: exchange.provider,
      status: response.status,
    });
  }
}
