import { Controller, Get, HttpCode, Inject, Optional, Res } from '@nestjs/common';
import { ORIGINAL_STORE } from '@headroom/contracts';
import type { CompressionPipeline } from '@headroom/pipeline';
import { isHealthReporting, type StorageHealth } from '@headroom/storage';
import type { FastifyReply } from 'fastify';
import { GatewayConfigService } from '../config/gateway-config.service';
import { COMPRESSION_PIPELINE } from '../pipeline/pipeline.tokens';
import { GATEWAY_VERSION } from './gateway-version';
import { ReadinessService } from './readiness.service';

const READYZ_WORKER_TIMEOUT_MS = 500;
const READYZ_STORAGE_TIMEOUT_MS = 500;

/** Probes. They reveal no configuration beyond what the SDK's `health()` reads. */
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly config: GatewayConfigService,
    @Inject(COMPRESSION_PIPELINE) private readonly pipeline: CompressionPipeline,
    @Optional() @Inject(ORIGINAL_STORE) private readonly store?: unknown,
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

  // Neither compressor workers nor the CCR store being down makes the gateway
  // unready: it serves uncompressed (fail-open), so taking it out of the
  // load balancer would turn a loss of savings into a loss of traffic, and a
  // database outage would empty the Service of every replica at once. Their
  // state is reported (workers per family, storage up/degraded/down) for
  // dashboards and alerts (`headroom_storage_up`) instead.
  @Get('readyz')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const isReady = this.readiness.isReady;
    const [workers, storage] = await Promise.all([
      this.pipeline.compressorHealth?.(READYZ_WORKER_TIMEOUT_MS) ?? [],
      this.storageHealth(),
    ]);

    await reply.code(isReady ? 200 : 503).send({
      status: isReady ? 'ready' : 'draining',
      ...(workers.length > 0 ? { workers } : {}),
      ...(storage ? { storage } : {}),
    });
  }

  private async storageHealth(): Promise<StorageHealth | undefined> {
    return isHealthReporting(this.store) ? this.store.health(READYZ_STORAGE_TIMEOUT_MS) : undefined;
  }
}
