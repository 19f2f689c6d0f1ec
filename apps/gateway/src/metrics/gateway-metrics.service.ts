import { Injectable } from '@nestjs/common';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type FailOpenReason = 'error' | 'timeout';

/**
 * The gateway's Prometheus metrics. Each app instance owns its registry, so
 * several gateways in one process (the e2e suite) never collide.
 */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'headroom_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly inFlight = new Gauge({
    name: 'headroom_http_requests_in_flight',
    help: 'Requests being answered now (probes and scrapes not counted)',
    registers: [this.registry],
  });

  readonly shed = new Counter({
    name: 'headroom_http_requests_shed_total',
    help: 'Requests refused with 503 because HEADROOM_MAX_IN_FLIGHT were being answered',
    registers: [this.registry],
  });

  // `tenant` is bounded: configured tenant names, plus one label for callers
  // with no valid key.
  readonly tenantLimited = new Counter({
    name: 'headroom_http_requests_tenant_limited_total',
    help: 'Requests refused with 429 because their tenant had HEADROOM_MAX_IN_FLIGHT_PER_TENANT being answered',
    labelNames: ['tenant'] as const,
    registers: [this.registry],
  });

  readonly upstreamLatency = new Histogram({
    name: 'headroom_upstream_response_seconds',
    help: 'Time from sending upstream to its response headers',
    labelNames: ['provider', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  readonly upstreamFailures = new Counter({
    name: 'headroom_upstream_failures_total',
    help: 'Upstream requests that got no response (unreachable, timeout, reset)',
    labelNames: ['provider', 'reason'] as const,
    registers: [this.registry],
  });

  readonly upstreamReplays = new Counter({
    name: 'headroom_upstream_replays_total',
    help: 'Upstream requests sent a second time after a reused idle connection closed under them',
    labelNames: ['provider', 'reason'] as const,
    registers: [this.registry],
  });

  readonly failOpen = new Counter({
    name: 'headroom_compression_fail_open_total',
    help: 'Requests forwarded uncompressed because compression failed or timed out',
    labelNames: ['route', 'reason'] as const,
    registers: [this.registry],
  });

  readonly tokensBefore = new Counter({
    name: 'headroom_tokens_before_total',
    help: 'Input tokens of requests as the client sent them',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });

  readonly tokensAfter = new Counter({
    name: 'headroom_tokens_after_total',
    help: 'Input tokens of requests as forwarded upstream',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });

  readonly clientAborts = new Counter({
    name: 'headroom_client_aborts_total',
    help: 'Requests whose client went away before the response ended',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'headroom_' });
  }
}
