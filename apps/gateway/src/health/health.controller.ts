import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GATEWAY_VERSION } from './gateway-version';
import { ReadinessService } from './readiness.service';

/** Probes. They reveal no configuration beyond what the SDK's `health()` reads. */
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('health')
  health(): Record<string, unknown> {
    return {
      status: 'healthy',
      version: GATEWAY_VERSION,
      mode: 'embedded',
      uptime_seconds: Math.round((Date.now() - this.readiness.startedAt) / 1000),
      config: { optimize: true, cache: false, rate_limit: false },
    };
  }

  @Get('livez')
  @HttpCode(200)
  live(): { status: string } {
    return { status: 'alive' };
  }

  @Get('readyz')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const isReady = this.readiness.isReady;

    await reply.code(isReady ? 200 : 503).send({ status: isReady ? 'ready' : 'draining' });
  }
}
