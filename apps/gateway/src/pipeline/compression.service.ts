import { Inject, Injectable, Logger } from '@nestjs/common';
import { HeadroomError } from '@headroom/contracts';
import type { CompressionPipeline, PipelineRequest, PipelineResult } from '@headroom/pipeline';
import { GatewayConfigService } from '../config/gateway-config.service';
import { type FailOpenReason, GatewayMetrics } from '../metrics/gateway-metrics.service';
import { COMPRESSION_PIPELINE } from './pipeline.tokens';

/** Exactly the port's request, so the gateway follows the port as it grows. */
export type CompressionJob = PipelineRequest;

export type CompressionOutcome =
  | { status: 'ran'; body: Buffer; result: PipelineResult }
  | { status: 'fail-open'; body: Buffer; reason: FailOpenReason };

class CompressionTimeout extends Error {}

function isJsonObject(body: Buffer): boolean {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));

    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * Runs the pipeline for one provider request, bounded by
 * HEADROOM_COMPRESSION_TIMEOUT_MS. Fail-open: any failure other than a client
 * mistake forwards the client's original bytes and is counted.
 */
@Injectable()
export class CompressionService {
  private readonly logger = new Logger(CompressionService.name);

  constructor(
    @Inject(COMPRESSION_PIPELINE) private readonly pipeline: CompressionPipeline,
    private readonly config: GatewayConfigService,
    private readonly metrics: GatewayMetrics,
  ) {}

  async compress(job: CompressionJob): Promise<CompressionOutcome> {
    // The pipeline stops when its result is no longer wanted: the client went
    // away (`job.signal`) or the bound below passed and the original went out.
    const abandon = new AbortController();
    const signal = job.signal ? AbortSignal.any([job.signal, abandon.signal]) : abandon.signal;
    try {
      const result = await this.withTimeout(this.pipeline.run({ ...job, signal }), abandon);
      this.metrics.tokensBefore.inc({ route: job.format }, result.tokensBefore);
      this.metrics.tokensAfter.inc({ route: job.format }, result.tokensAfter);

      return { status: 'ran', body: result.changed ? result.body : job.body, result };
    } catch (error: unknown) {
      if (error instanceof HeadroomError && error.status < 500) {
        throw error;
      }

      // A pipeline that fails on a body that is not JSON is the client's mistake
      // (400), checked only here so the happy path parses the body once.
      if (!isJsonObject(job.body)) {
        throw new HeadroomError('invalid_json', 'request body is not a JSON object');
      }

      // A client that went away is counted as an abort by the proxy; nothing
      // will be forwarded, so there is no fail-open to count.
      if (job.signal?.aborted) {
        return { status: 'fail-open', body: job.body, reason: 'error' };
      }

      const reason: FailOpenReason = error instanceof CompressionTimeout ? 'timeout' : 'error';
      this.metrics.failOpen.inc({ route: job.format, reason });
      this.logger.warn({
        msg: 'compression failed, forwarding uncompressed',
        requestId: job.requestId,
        route: job.format,
        reason,
        error: error instanceof Error ? error.message : String(error),
      });

      return { status: 'fail-open', body: job.body, reason };
    }
  }

  // The request-wide bound. Compressors run off the event loop (compressor
  // threads, or the workers in distributed mode), each block with its own
  // shorter timeout, so this timer can fire; what is left on the main thread
  // is parsing, routing and token counting, which are linear in the body.
  withTimeout<T>(work: Promise<T>, abandon?: AbortController): Promise<T> {
    const timeoutMs = this.config.get('compressionTimeoutMs');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new CompressionTimeout(`compression exceeded ${timeoutMs} ms`));
        abandon?.abort();
      }, timeoutMs);
    });

    return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
  }
}
