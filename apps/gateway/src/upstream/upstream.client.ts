import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { HeadroomError } from '@headroom/contracts';
import type { Provider } from '@headroom/providers';
import { type Dispatcher, Pool } from 'undici';
import { GatewayConfigService } from '../config/gateway-config.service';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { traceAttempt, traceAttempts } from './attempt-trace';
import { replayReason } from './idle-replay';
import { joinUpstreamPath, parseUpstreamBase, type UpstreamBase } from './upstream-target';
import type { UpstreamRequest, UpstreamResponse } from './upstream.types';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'ETIMEDOUT']);

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;

  return typeof code === 'string' ? code : 'UNKNOWN';
}

// Idle connections are dropped before the upstream drops them, so the race
// that idle-replay.ts handles stays rare. An upstream that announces
// `Keep-Alive: timeout=N` is left after N - 3 s: the margin also covers an
// event loop that lags (undici's idle timer can only fire between callbacks;
// one announcing 3 s or less gets a new connection per request). One that
// announces nothing is left after 4 s, under the 5 s idle timeout that Node,
// Apache and uvicorn servers default to. No idle connection lives past 60 s,
// whatever is announced: a NAT or load balancer on the way may forget an idle
// flow without telling either end, and reuse after a minute saves little.
const KEEP_ALIVE = {
  keepAliveTimeout: 4_000,
  keepAliveTimeoutThreshold: 3_000,
  keepAliveMaxTimeout: 60_000,
} as const;

type Upstream = { base: UpstreamBase; pool: Pool; dispatcher: Dispatcher };

/**
 * Sends requests to the two configured upstreams over keep-alive pools, one
 * per origin. Upstreams come only from configuration, never from a request.
 */
@Injectable()
export class UpstreamClient implements OnApplicationShutdown {
  private readonly logger = new Logger(UpstreamClient.name);
  private readonly upstreams: Record<Provider, Upstream>;

  constructor(
    private readonly config: GatewayConfigService,
    private readonly metrics: GatewayMetrics,
  ) {
    this.upstreams = {
      openai: this.createUpstream(config.get('openaiUrl')),
      anthropic: this.createUpstream(config.get('anthropicUrl')),
    };
  }

  /**
   * Resolves with the upstream's status and headers as soon as they arrive;
   * the body streams afterwards. Throws `upstream_error` (502) when the
   * upstream cannot be reached and `upstream_timeout` (504) when it is too slow.
   */
  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const upstream = this.upstreams[request.provider];
    const startedAt = performance.now();

    try {
      const response = await this.dispatch(upstream, request, {
        method: request.method,
        path: joinUpstreamPath(upstream.base, request.path),
        headers: request.headers,
        body: request.body && request.body.length > 0 ? request.body : null,
        signal: request.signal,
        headersTimeout: this.config.get('upstreamHeadersTimeoutMs'),
        bodyTimeout: this.config.get('upstreamBodyTimeoutMs'),
      });

      this.metrics.upstreamLatency.observe(
        { provider: request.provider, route: request.method, status: String(response.statusCode) },
        (performance.now() - startedAt) / 1000,
      );

      return {
        status: response.statusCode,
        headers: response.headers,
        body: response.body,
        isOriginalBody: true,
      };
    } catch (error: unknown) {
      if (request.signal.aborted) {
        throw error;
      }

      throw this.toHeadroomError(request, error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(Object.values(this.upstreams).map(({ pool }) => pool.destroy()));
  }

  /**
   * One request upstream, sent a second time (same options, so the same body
   * bytes) only when idle-replay.ts says the first attempt cannot have run.
   * The replay carries no trace, so it is never replayed itself.
   */
  private async dispatch(
    upstream: Upstream,
    request: UpstreamRequest,
    options: Dispatcher.RequestOptions,
  ): Promise<Dispatcher.ResponseData> {
    const trace = traceAttempt(options);

    try {
      return await upstream.dispatcher.request(options);
    } catch (error: unknown) {
      const reason = replayReason({
        method: request.method,
        trace,
        error,
        clientAborted: request.signal.aborted,
      });
      if (!reason) {
        throw error;
      }

      this.metrics.upstreamReplays.inc({ provider: request.provider, reason });
      this.logger.warn({
        msg: 'upstream closed an idle connection under a request; sent again',
        requestId: request.requestId,
        provider: request.provider,
        reason,
        code: errorCode(error),
      });

      return upstream.dispatcher.request({ ...options });
    }
  }

  private createUpstream(url: string): Upstream {
    const base = parseUpstreamBase(url);
    const pool = new Pool(base.origin, {
      connections: this.config.get('upstreamConnections'),
      connectTimeout: this.config.get('upstreamConnectTimeoutMs'),
      ...KEEP_ALIVE,
    });

    return { base, pool, dispatcher: pool.compose(traceAttempts()) };
  }

  private toHeadroomError(request: UpstreamRequest, error: unknown): HeadroomError {
    const code = errorCode(error);
    const isTimeout = TIMEOUT_CODES.has(code);
    this.metrics.upstreamFailures.inc({ provider: request.provider, reason: code });
    // The upstream is ours to fix, not the client's: log at error with the code
    // only (the undici message may carry the upstream address).
    this.logger.error({
      msg: isTimeout ? 'upstream timed out' : 'upstream unreachable',
      requestId: request.requestId,
      provider: request.provider,
      code,
    });

    return isTimeout
      ? new HeadroomError(
          'upstream_timeout',
          `the ${request.provider} upstream did not answer in time`,
        )
      : new HeadroomError(
          'upstream_error',
          `the ${request.provider} upstream is unreachable (${code})`,
        );
  }
}
