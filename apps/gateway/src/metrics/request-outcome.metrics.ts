import { Injectable } from '@nestjs/common';
import { CONTENT_KINDS } from '@headroom/contracts';
import { knownModels } from '@headroom/tokens';
import { Counter, Gauge, Histogram } from 'prom-client';
import { LabelLimiter } from '../usage/label-limiter';
import { GatewayMetrics } from './gateway-metrics.service';
import { removeMisnamedDefaultGauges } from './nodejs-resources.metrics';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * Per-request outcome metrics, registered on the gateway's registry next to
 * the HTTP-level ones in GatewayMetrics. Tenant, model and compressor labels
 * go through LabelLimiter so their series count stays bounded.
 */
@Injectable()
export class RequestOutcomeMetrics {
  readonly tenants = new LabelLimiter(50);
  readonly models = new LabelLimiter(40, new Set(knownModels()));
  readonly compressors = new LabelLimiter(30, new Set<string>(CONTENT_KINDS));
  readonly reasons = new LabelLimiter(20);

  readonly providerRequests: Counter<'route' | 'provider' | 'model' | 'status'>;
  readonly tokensBefore: Counter<'tenant' | 'model'>;
  readonly tokensAfter: Counter<'tenant' | 'model'>;
  readonly tokensSaved: Counter<'tenant' | 'model' | 'compressor'>;
  readonly gatewayOverhead: Histogram<'route'>;
  readonly pipelineStage: Histogram<'route' | 'stage'>;
  readonly compressorDuration: Histogram<'compressor'>;
  readonly timeToFirstByte: Histogram<'route' | 'provider'>;
  readonly requestDuration: Histogram<'route' | 'provider'>;
  readonly ccrStores: Counter<'tenant'>;
  readonly ccrAuditEvents: Gauge<'event'>;
  readonly compressorFailures: Counter<'compressor' | 'reason'>;
  readonly prefixItems: Counter<'route'>;
  readonly prefixStableItems: Counter<'route'>;
  readonly prefixBusts: Counter<'route' | 'reason'>;
  readonly workersUp: Gauge<'family' | 'mode'>;
  readonly usageRowsDropped: Counter<string>;
  /** Reads the CCR audit trail's counts at scrape time; set by the usage module. */
  auditCounts: (() => Promise<{ event: string; count: number }[]>) | undefined;

  constructor(gateway: GatewayMetrics) {
    const registers = [gateway.registry];
    removeMisnamedDefaultGauges(gateway.registry, 'headroom_');

    this.providerRequests = new Counter({
      name: 'headroom_provider_requests_total',
      help: 'Provider requests answered upstream, by route, provider, model and status',
      labelNames: ['route', 'provider', 'model', 'status'],
      registers,
    });
    this.tokensBefore = new Counter({
      name: 'headroom_request_tokens_before_total',
      help: 'Input tokens as the client sent them, by tenant and model',
      labelNames: ['tenant', 'model'],
      registers,
    });
    this.tokensAfter = new Counter({
      name: 'headroom_request_tokens_after_total',
      help: 'Input tokens as forwarded upstream, by tenant and model',
      labelNames: ['tenant', 'model'],
      registers,
    });
    this.tokensSaved = new Counter({
      name: 'headroom_tokens_saved_total',
      help: 'Input tokens compression removed, by tenant, model and compressor (content kind)',
      labelNames: ['tenant', 'model', 'compressor'],
      registers,
    });
    this.gatewayOverhead = new Histogram({
      name: 'headroom_gateway_overhead_seconds',
      help: 'Time the gateway added before forwarding a request (the compression pipeline)',
      labelNames: ['route'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    // `stage="run"` is the whole pipeline; the others are its parts
    // (inspect, compress, persist, edit, count).
    this.pipelineStage = new Histogram({
      name: 'headroom_pipeline_stage_seconds',
      help: 'Time spent in a pipeline stage per request',
      labelNames: ['route', 'stage'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.compressorDuration = new Histogram({
      name: 'headroom_compressor_seconds',
      help: 'Time one block spent in its compressor (cache hits and replays excluded)',
      labelNames: ['compressor'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.timeToFirstByte = new Histogram({
      name: 'headroom_time_to_first_byte_seconds',
      help: 'From request arrival to the upstream response headers, when the first byte can go out',
      labelNames: ['route', 'provider'],
      buckets: UPSTREAM_BUCKETS,
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'headroom_provider_request_duration_seconds',
      help: 'From request arrival to the end of the upstream response body',
      labelNames: ['route', 'provider'],
      buckets: UPSTREAM_BUCKETS,
      registers,
    });
    this.ccrStores = new Counter({
      name: 'headroom_ccr_stores_total',
      help: 'Originals this instance made durable in the CCR store, by tenant',
      labelNames: ['tenant'],
      registers,
    });
    this.ccrAuditEvents = new Gauge({
      name: 'headroom_ccr_audit_events',
      help: 'Rows of the CCR audit trail in the database, by event (store, retrieve, miss, expired, purge)',
      labelNames: ['event'],
      registers,
      collect: () => this.collectAuditEvents(),
    });
    this.compressorFailures = new Counter({
      name: 'headroom_compressor_fail_open_total',
      help: 'Blocks forwarded uncompressed because their compressor or the CCR store failed',
      labelNames: ['compressor', 'reason'],
      registers,
    });
    this.prefixItems = new Counter({
      name: 'headroom_prefix_items_total',
      help: 'Conversation items the previous turn of a session sent (the prefix that could stay stable)',
      labelNames: ['route'],
      registers,
    });
    this.prefixStableItems = new Counter({
      name: 'headroom_prefix_stable_items_total',
      help: "Leading conversation items forwarded byte-identical to the session's previous turn",
      labelNames: ['route'],
      registers,
    });
    this.prefixBusts = new Counter({
      name: 'headroom_prefix_busts_total',
      help: 'Turns whose forwarded prefix changed from the previous turn, by reason',
      labelNames: ['route', 'reason'],
      registers,
    });
    this.workersUp = new Gauge({
      name: 'headroom_compressor_workers_up',
      help: 'Compressor families able to serve, by family and mode (embedded: in process)',
      labelNames: ['family', 'mode'],
      registers,
    });
    this.usageRowsDropped = new Counter({
      name: 'headroom_usage_rows_dropped_total',
      help: 'Usage rows that could not be written to the database and were dropped',
      registers,
    });
  }

  // TODO(#7): counts the whole audit table at every scrape; a running total kept
  // by the store (or a cached count) would make this constant-time.
  private async collectAuditEvents(): Promise<void> {
    const counts = await this.auditCounts?.().catch(() => undefined);
    if (!counts) return;

    const totals = new Map<string, number>();
    for (const entry of counts) {
      totals.set(entry.event, (totals.get(entry.event) ?? 0) + entry.count);
    }
    for (const event of ['store', 'retrieve', 'miss', 'expired', 'purge']) {
      this.ccrAuditEvents.set({ event }, totals.get(event) ?? 0);
    }
  }
}
