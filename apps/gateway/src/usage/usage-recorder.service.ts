import { finished } from 'node:stream';
import { type OnApplicationBootstrap, Injectable, Logger } from '@nestjs/common';
import type { UsageRow } from '@headroom/storage';
import { RequestOutcomeMetrics } from '../metrics/request-outcome.metrics';
import type { ProviderExchange } from '../proxy/provider-exchange';
import { type ResponseHook, ResponseHookRegistry } from '../proxy/response-hook.registry';
import type { UpstreamResponse } from '../upstream/upstream.types';
import { UsageWriter } from './usage-writer.service';

const COMPRESSOR_FAMILIES = ['json', 'code', 'dom', 'squash'];

function seconds(milliseconds: number): number {
  return milliseconds / 1000;
}

/**
 * Where a provider request's outcome is recorded: the last response hook, so
 * it sees every request that got an upstream answer without a line in the
 * proxy. It observes the time to first byte at once and, when the response
 * body has ended, counts the metrics and queues the usage row (sizes and
 * savings, never content).
 */
@Injectable()
export class UsageRecorder implements ResponseHook, OnApplicationBootstrap {
  readonly name = 'usage';
  private readonly logger = new Logger(UsageRecorder.name);

  constructor(
    private readonly hooks: ResponseHookRegistry,
    private readonly metrics: RequestOutcomeMetrics,
    private readonly writer: UsageWriter,
  ) {}

  // Registered after every module's init, so this hook runs last and sees
  // the response the client gets: after the retrieval loop's extra rounds,
  // with its final status and body.
  onApplicationBootstrap(): void {
    this.hooks.register(this);
    // TODO(#7): distributed mode should report each worker family's health
    // (StreamsClient.checkHealth); embedded families are in process.
    for (const family of COMPRESSOR_FAMILIES) {
      this.metrics.workersUp.set({ family, mode: 'embedded' }, 1);
    }
  }

  async onUpstreamResponse(
    exchange: ProviderExchange,
    response: UpstreamResponse,
  ): Promise<UpstreamResponse> {
    const firstByteMs = performance.now() - exchange.startedAt;
    const labels = { route: exchange.route, provider: exchange.provider };
    this.metrics.timeToFirstByte.observe(labels, seconds(firstByteMs));

    // Listening for the end does not consume the body; whoever relays it does.
    // The record waits one turn of the event loop, so the relay has read the
    // provider's cached-token count from a small JSON answer by then.
    finished(response.body, () => {
      const durationMs = performance.now() - exchange.startedAt;
      setImmediate(() => this.recordSafely(exchange, response.status, durationMs));
    });

    return response;
  }

  private recordSafely(exchange: ProviderExchange, status: number, durationMs: number): void {
    try {
      this.record(exchange, status, durationMs);
    } catch (error: unknown) {
      this.logger.warn({
        msg: 'usage not recorded',
        requestId: exchange.requestId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private record(exchange: ProviderExchange, status: number, durationMs: number): void {
    const result = exchange.pipeline;
    const { route, provider } = exchange;
    const model = this.metrics.models.label(result?.model);
    const tenant = this.metrics.tenants.label(exchange.tenant);
    // The pipeline reports each block it sent compressed, with its counts.
    const byKind = new Map<string, number>();
    for (const block of result?.blocks ?? []) {
      const saved = block.tokensBefore - block.tokensAfter;
      byKind.set(block.kind, (byKind.get(block.kind) ?? 0) + saved);
    }

    // TODO(#9): a request the retrieval loop continued is one provider request
    // here, and its token counts are those of the first upstream body only:
    // each continuation re-sends the conversation plus the retrieved original,
    // and those rounds are in neither tokens_after nor the usage row, so the
    // savings of such a request read too high (BL-23). The client's usage and
    // the row's cached tokens are summed over every round already; counting
    // the rest needs the loop to report each round's provider usage and a
    // usage-row column for it.
    this.metrics.providerRequests.inc({ route, provider, model, status: String(status) });
    this.metrics.requestDuration.observe({ route, provider }, seconds(durationMs));
    if (result) {
      this.metrics.tokensBefore.inc({ tenant, model }, result.tokensBefore);
      this.metrics.tokensAfter.inc({ tenant, model }, result.tokensAfter);
      this.metrics.gatewayOverhead.observe({ route }, seconds(result.durationMs));
      this.metrics.pipelineStage.observe({ route, stage: 'run' }, seconds(result.durationMs));
      for (const [stage, ms] of Object.entries(result.stagesMs)) {
        this.metrics.pipelineStage.observe({ route, stage }, seconds(ms));
      }
      for (const block of result.blocks) {
        if (block.durationMs > 0) {
          const compressor = this.metrics.compressors.label(block.compressor);
          this.metrics.compressorDuration.observe({ compressor }, seconds(block.durationMs));
        }
      }
      this.metrics.ccrStores.inc({ tenant }, result.ccrKeys.length);
      for (const [kind, saved] of byKind) {
        const compressor = this.metrics.compressors.label(kind);
        this.metrics.tokensSaved.inc({ tenant, model, compressor }, Math.max(0, saved));
      }
      for (const failure of result.failures) {
        this.metrics.compressorFailures.inc({
          compressor: this.metrics.compressors.label(failure.compressor),
          reason: failure.reason,
        });
        this.logger.warn({
          msg: 'block forwarded uncompressed',
          requestId: exchange.requestId,
          compressor: failure.compressor,
          reason: failure.reason,
          error: failure.message,
        });
      }
      this.observePrefix(exchange);
    }

    this.writer.push(this.row(exchange, status, durationMs, byKind));
  }

  private observePrefix(exchange: ProviderExchange): void {
    const prefix = exchange.pipeline?.prefix;
    if (!prefix) return;

    const route = exchange.route;
    this.metrics.prefixItems.inc({ route }, prefix.previousItems);
    this.metrics.prefixStableItems.inc({ route }, prefix.stableItems);
    if (prefix.bust) {
      this.metrics.prefixBusts.inc({
        route,
        reason: this.metrics.reasons.label(prefix.bust.reason),
      });
    }
  }

  private row(
    exchange: ProviderExchange,
    status: number,
    durationMs: number,
    byKind: ReadonlyMap<string, number>,
  ): UsageRow {
    const result = exchange.pipeline;

    return {
      requestId: exchange.requestId,
      tenant: exchange.tenant,
      route: exchange.route,
      provider: exchange.provider,
      model: result?.model ?? null,
      status,
      tokensBefore: result?.tokensBefore ?? 0,
      tokensAfter: result?.tokensAfter ?? 0,
      // TODO(#7): null for JSON answers the relay streams unread (unsized);
      // see the relay's TODO(#2). For a request the retrieval loop continued,
      // the loop's hook sets the sum over every round (BL-23).
      cachedTokens: exchange.cachedTokens ?? null,
      bytesBefore: exchange.clientBody.length,
      bytesAfter: exchange.forwardedBody.length,
      durationMs: Math.round(durationMs),
      overheadMs: Math.round((result?.durationMs ?? 0) * 100) / 100,
      compressors: [...byKind].map(([kind, saved]) => `${kind}:${saved}`),
      ccrStored: result?.ccrKeys.length ?? 0,
      failOpen: exchange.failOpen,
      at: new Date(),
    };
  }
}
