import {
  STREAMS_SERVER,
  TRANSPORT_PATTERNS,
  WORKER_INFO,
  type WorkerHealth,
} from '@headroom/contracts';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { StreamsServer } from './streams.server';
import type { WorkerInfo } from './worker-info';

const started = Date.now();

/** Answers the `health` pattern for every worker family. */
@Controller()
export class WorkerHealthController {
  constructor(
    @Inject(STREAMS_SERVER) private readonly server: StreamsServer,
    @Inject(WORKER_INFO) private readonly info: WorkerInfo,
  ) {}

  @MessagePattern(TRANSPORT_PATTERNS.health)
  async health(): Promise<WorkerHealth> {
    const healthy = this.info.isHealthy ? await this.info.isHealthy().catch(() => false) : true;

    return {
      family: this.info.family,
      consumer: this.server.consumer,
      status: healthy ? 'ok' : 'degraded',
      handled: this.server.stats.handled,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      components: this.info.components,
    };
  }
}
