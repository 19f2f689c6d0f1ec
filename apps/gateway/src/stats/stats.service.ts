import { Injectable } from '@nestjs/common';
import type { RequestMode } from '@headroom/contracts';
import type { Provider } from '@headroom/providers';

export type RequestSummary = {
  requestId: string;
  route: string;
  provider: Provider;
  mode: RequestMode;
  model: string | undefined;
  status: number;
  tokensBefore: number;
  tokensAfter: number;
  overheadMs: number;
  durationMs: number;
};

type Extremes = { total: number; count: number; min: number; max: number };

const RECENT_LIMIT = 50;

function emptyExtremes(): Extremes {
  return { total: 0, count: 0, min: Number.POSITIVE_INFINITY, max: 0 };
}

function addTo(extremes: Extremes, value: number): void {
  extremes.total += value;
  extremes.count += 1;
  extremes.min = Math.min(extremes.min, value);
  extremes.max = Math.max(extremes.max, value);
}

function summarise(extremes: Extremes): { average_ms: number; min_ms: number; max_ms: number } {
  const round = (value: number) => Math.round(value * 100) / 100;

  return extremes.count === 0
    ? { average_ms: 0, min_ms: 0, max_ms: 0 }
    : {
        average_ms: round(extremes.total / extremes.count),
        min_ms: round(extremes.min),
        max_ms: round(extremes.max),
      };
}

/**
 * In-process counters behind `GET /stats`, in the shape the published
 * `headroom-ai` SDK reads (`proxyStats`, `getStats`, `getSummary`, `getMetrics`).
 * Per process only: Prometheus (`/metrics`) is the durable view.
 */
@Injectable()
export class StatsService {
  private total = 0;
  private failed = 0;
  private tokensBefore = 0;
  private tokensAfter = 0;
  private readonly byProvider: Record<string, number> = {};
  private readonly byModel: Record<string, number> = {};
  private readonly latency = emptyExtremes();
  private readonly overhead = emptyExtremes();
  private readonly recent: Record<string, unknown>[] = [];

  record(summary: RequestSummary): void {
    this.total += 1;
    this.tokensBefore += summary.tokensBefore;
    this.tokensAfter += summary.tokensAfter;
    this.byProvider[summary.provider] = (this.byProvider[summary.provider] ?? 0) + 1;

    if (summary.model) {
      this.byModel[summary.model] = (this.byModel[summary.model] ?? 0) + 1;
    }

    if (summary.status >= 500) {
      this.failed += 1;
    }

    addTo(this.latency, summary.durationMs);
    addTo(this.overhead, summary.overheadMs);
    this.recent.unshift({
      request_id: summary.requestId,
      timestamp: new Date().toISOString(),
      provider: summary.provider,
      route: summary.route,
      model: summary.model ?? null,
      mode: summary.mode,
      status: summary.status,
      tokens_before: summary.tokensBefore,
      tokens_after: summary.tokensAfter,
      tokens_saved: summary.tokensBefore - summary.tokensAfter,
      overhead_ms: summary.overheadMs,
      latency_ms: summary.durationMs,
    });
    this.recent.length = Math.min(this.recent.length, RECENT_LIMIT);
  }

  /** A request that got no upstream answer at all (unreachable, timeout). */
  recordFailure(provider: Provider): void {
    this.total += 1;
    this.failed += 1;
    this.byProvider[provider] = (this.byProvider[provider] ?? 0) + 1;
  }

  // TODO(#9): `rate_limited` and the `compression` block are fixed zeros: the
  // 429s are counted in /metrics (headroom_http_requests_tenant_limited_total)
  // and CCR entries in /v1/retrieve/stats, not fed in here yet.
  snapshot(): Record<string, unknown> {
    const saved = Math.max(0, this.tokensBefore - this.tokensAfter);

    return {
      requests: {
        total: this.total,
        cached: 0,
        rate_limited: 0,
        failed: this.failed,
        by_provider: { ...this.byProvider },
        by_model: { ...this.byModel },
      },
      tokens: {
        // TODO(#2): output tokens need the response usage, which the relay does
        // not parse yet; `input` is what was forwarded upstream.
        input: this.tokensAfter,
        output: 0,
        saved,
        cli_tokens_avoided: 0,
        total_before_compression: this.tokensBefore,
        savings_percent:
          this.tokensBefore > 0 ? Math.round((saved / this.tokensBefore) * 10_000) / 100 : 0,
      },
      latency: summarise(this.latency),
      overhead: summarise(this.overhead),
      pipeline_timing: {},
      waste_signals: {},
      compression: {
        ccr_entries: 0,
        ccr_max_entries: 0,
        original_tokens_cached: 0,
        compressed_tokens_cached: 0,
        ccr_retrievals: 0,
      },
      cost: {},
      feedback_loop: {
        tools_tracked: 0,
        total_compressions: 0,
        total_retrievals: 0,
        global_retrieval_rate: 0,
      },
      recent_requests: [...this.recent],
    };
  }
}
