import { Injectable, Logger } from '@nestjs/common';
import { fingerprintCredential } from '@headroom/aligner';
import { HeadroomError } from '@headroom/contracts';
import { providerOf, type ProviderFormat } from '@headroom/providers';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { CompressionService } from '../pipeline/compression.service';
import { StatsService } from '../stats/stats.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { upstreamRequestHeaders } from '../upstream/forward-headers';
import { UpstreamClient } from '../upstream/upstream.client';
import { hasDotSegments, providerForRequest } from '../upstream/upstream-target';
import type { UpstreamResponse } from '../upstream/upstream.types';
import type { ProviderExchange } from './provider-exchange';
import { resolveRequestMode, resolveSessionId } from './request-mode';
import { ResponseRelay } from './response-relay.service';

const EMPTY = Buffer.alloc(0);

function isEncoded(request: FastifyRequest): boolean {
  const encoding = request.headers['content-encoding'];

  return encoding !== undefined && encoding !== 'identity';
}

/**
 * One provider request end to end: who is asking, in which mode, compression
 * (fail-open), the upstream call and the relay of its answer.
 */
@Injectable()
export class ProxyService {
  private readonly logger = new Logger(ProxyService.name);

  constructor(
    private readonly tenancy: TenancyService,
    private readonly compression: CompressionService,
    private readonly upstream: UpstreamClient,
    private readonly relay: ResponseRelay,
    private readonly metrics: GatewayMetrics,
    private readonly stats: StatsService,
  ) {}

  /** `format` set: a compressing route. Unset: passthrough to the provider the path implies. */
  async forward(
    request: FastifyRequest,
    reply: FastifyReply,
    format?: ProviderFormat,
  ): Promise<void> {
    if (hasDotSegments(request.url)) {
      throw new HeadroomError(
        'invalid_request_error',
        'request paths may not contain . or .. segments',
      );
    }

    const exchange = this.open(request, reply, format);

    if (exchange.format && exchange.mode !== 'passthrough') {
      // TODO(#2): decode gzip/deflate/br bodies so encoded requests compress too
      // (BL-37b); until then they pass through with their encoding intact.
      if (!isEncoded(request)) {
        await this.compress(exchange, exchange.format);
      }
    }

    const upstream = await this.send(exchange);

    if (!upstream) {
      return;
    }

    this.observe(exchange, reply, upstream.status);
    await this.relay.relay(exchange, upstream, reply);
  }

  private open(
    request: FastifyRequest,
    reply: FastifyReply,
    format?: ProviderFormat,
  ): ProviderExchange {
    const tenant = this.tenancy.resolveTenant(request, 'provider');
    const mode = resolveRequestMode(request.headers);
    const sessionId = resolveSessionId(request.headers);
    const controller = new AbortController();
    const route = format ?? 'passthrough';
    const clientBody = Buffer.isBuffer(request.body) ? request.body : EMPTY;

    // A client that hangs up cancels everything it started, the upstream call first.
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) {
        controller.abort();
        this.metrics.clientAborts.inc({ route });
      }
    });

    return {
      requestId: request.id,
      route,
      provider: format ? providerOf(format) : providerForRequest(request.url, request.headers),
      format,
      tenant,
      mode,
      sessionId,
      method: request.method,
      path: request.url,
      clientHeaders: request.headers,
      upstreamHeaders: upstreamRequestHeaders(request.headers),
      clientBody,
      forwardedBody: clientBody,
      pipeline: undefined,
      failOpen: false,
      signal: controller.signal,
      startedAt: performance.now(),
    };
  }

  private async compress(exchange: ProviderExchange, format: ProviderFormat): Promise<void> {
    const outcome = await this.compression.compress({
      format,
      body: exchange.clientBody,
      tenant: exchange.tenant,
      mode: exchange.mode,
      requestId: exchange.requestId,
      sessionId: exchange.sessionId,
      // Tells sessions of different callers apart; the credential itself never
      // leaves this line.
      credentialFingerprint: fingerprintCredential(
        firstHeader(exchange.clientHeaders['authorization'] ?? exchange.clientHeaders['x-api-key']),
      ),
      signal: exchange.signal,
    });

    exchange.forwardedBody = outcome.body;
    exchange.pipeline = outcome.status === 'ran' ? outcome.result : undefined;
    exchange.failOpen = outcome.status === 'fail-open';
  }

  private async send(exchange: ProviderExchange): Promise<UpstreamResponse | undefined> {
    if (exchange.signal.aborted) {
      return undefined;
    }

    try {
      return await this.upstream.send({
        provider: exchange.provider,
        method: exchange.method,
        path: exchange.path,
        headers: exchange.upstreamHeaders,
        body: exchange.forwardedBody,
        signal: exchange.signal,
        requestId: exchange.requestId,
      });
    } catch (error: unknown) {
      if (exchange.signal.aborted) {
        this.logger.debug({
          msg: 'client went away before the upstream answered',
          requestId: exchange.requestId,
        });

        return undefined;
      }

      this.stats.recordFailure(exchange.provider);
      throw error;
    }
  }

  private observe(exchange: ProviderExchange, reply: FastifyReply, status: number): void {
    const overheadMs = performance.now() - exchange.startedAt;

    reply.raw.once('close', () => {
      const durationMs = performance.now() - exchange.startedAt;
      const summary = {
        requestId: exchange.requestId,
        route: exchange.route,
        provider: exchange.provider,
        tenant: exchange.tenant,
        mode: exchange.mode,
        model: exchange.pipeline?.model,
        status,
        changed: exchange.pipeline?.changed ?? false,
        failOpen: exchange.failOpen,
        tokensBefore: exchange.pipeline?.tokensBefore ?? 0,
        tokensAfter: exchange.pipeline?.tokensAfter ?? 0,
        overheadMs: Math.round(overheadMs * 100) / 100,
        durationMs: Math.round(durationMs),
        completed: reply.raw.writableFinished,
      };

      this.stats.record(summary);
      this.logger.debug({ msg: 'provider request done', ...summary });
    });
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}
