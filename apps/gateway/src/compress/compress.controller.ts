import { Controller, HttpCode, Inject, Logger, Post, Req } from '@nestjs/common';
import { type CompressResponseBody, HeadroomError } from '@headroom/contracts';
import type { CompressionPipeline } from '@headroom/pipeline';
import type { FastifyRequest } from 'fastify';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { CompressionService } from '../pipeline/compression.service';
import { COMPRESSION_PIPELINE } from '../pipeline/pipeline.tokens';
import { resolveRequestMode } from '../proxy/request-mode';
import { TenancyService } from '../tenancy/tenancy.service';
import { parseCompressRequest } from './compress-request.schema';

/** Headroom's own API: compress messages and hand them back, nothing sent upstream. */
@Controller('v1')
export class CompressController {
  private readonly logger = new Logger(CompressController.name);

  constructor(
    @Inject(COMPRESSION_PIPELINE) private readonly pipeline: CompressionPipeline,
    private readonly compression: CompressionService,
    private readonly tenancy: TenancyService,
    private readonly metrics: GatewayMetrics,
  ) {}

  @Post('compress')
  @HttpCode(200)
  async compress(@Req() request: FastifyRequest): Promise<CompressResponseBody> {
    const tenant = this.tenancy.resolveTenant(request, 'headroom');
    const mode = resolveRequestMode(request.headers);
    const body = parseCompressRequest(request.body);

    if (mode === 'passthrough') {
      return unchanged(body.messages);
    }

    try {
      return await this.compression.withTimeout(
        this.pipeline.compressMessages({
          messages: body.messages,
          model: body.model,
          tenant,
          mode,
          requestId: request.id,
          // TODO(#9): validated and passed on, but no compressor aims at it
          // yet: `/v1/compress` compresses as the gateway would, whatever the budget.
          tokenBudget: body.token_budget,
          config: body.config,
        }),
      );
    } catch (error: unknown) {
      if (error instanceof HeadroomError && error.status < 500) {
        throw error;
      }

      // Same rule as the provider routes: failed compression is never the
      // caller's problem; they get their messages back untouched.
      this.metrics.failOpen.inc({ route: 'compress', reason: 'error' });
      this.logger.warn({
        msg: 'compress failed, returning messages unchanged',
        requestId: request.id,
        error: error instanceof Error ? error.message : String(error),
      });

      return unchanged(body.messages);
    }
  }
}

function unchanged(messages: unknown[]): CompressResponseBody {
  return {
    messages,
    tokens_before: 0,
    tokens_after: 0,
    tokens_saved: 0,
    compression_ratio: 1,
    transforms_applied: [],
    ccr_hashes: [],
  };
}
