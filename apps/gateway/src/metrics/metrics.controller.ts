import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AdminGuard } from '../tenancy/admin.guard';
import { GatewayMetrics } from './gateway-metrics.service';

@Controller()
@UseGuards(AdminGuard)
export class MetricsController {
  constructor(private readonly metrics: GatewayMetrics) {}

  @Get('metrics')
  async metricsText(@Res() reply: FastifyReply): Promise<void> {
    const body = await this.metrics.registry.metrics();

    await reply.header('content-type', this.metrics.registry.contentType).send(body);
  }
}
