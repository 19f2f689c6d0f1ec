import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { CompressionPipeline } from '@headroom/pipeline';
import type { FastifyReply } from 'fastify';
import { GatewayConfigService } from '../config/gateway-config.service';
import { COMPRESSION_PIPELINE } from '../pipeline/pipeline.tokens';
import { GATEWAY_VERSION } from './gateway-version';
import { ReadinessService } from './readiness.service';

const READYZ_WORKER_TIMEOUT_MS = 500;

/** Probes. They reveal no configuration beyond what the SDK's `health()` reads. */
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly config: GatewayConfigService,
    @Inject(COMPRESSION_PIPELINE) private readonly pipeline: CompressionPipeline,
  ) {}

  @Get('health')
  health(): Record<string, unknown> {
    return {
      status: 'healthy',
      version: GATEWAY_VERSION,
      mode: this.config.get('transport') === 'redis' ? 'distributed' : 'embedded',
      uptime_seconds: Math.round((Date.now() - this.readiness.startedAt) / 1000),
      config: { optimize: true, cache: false, rate_limit: false },
    };
  }

  @Get('livez')
  @HttpCode(200)
  live(): { status: string } {
    return { status: 'alive' };
  }

  // Compressor workers being down does not make the gateway unready: it
  // serves uncompressed (fail-open). Their state is reported per family.
  @Get('readyz')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const isReady = this.readiness.isReady;
    const workers = (await this.pipeline.compressorHealth?.(READYZ_WORKER_TIMEOUT_MS)) ?? [];

    await reply.code(isReady ? 200 : 503).send({
      status: isReady ? 'ready' : 'draining',
      ...(workers.length > 0 ? { workers } : {}),
    });
  }
}
