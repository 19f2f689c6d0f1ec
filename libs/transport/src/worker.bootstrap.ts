import { STREAMS_SERVER, WORKER_INFO } from '@headroom/contracts';
import {
  type DynamicModule,
  type INestMicroservice,
  type LogLevel,
  Logger,
  Module,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { StreamsServer } from './streams.server';
import { type WorkerConfig, loadWorkerConfig } from './worker.config';
import { WorkerHealthController } from './worker-health.controller';
import { WorkerHealthServer } from './worker-health.server';
import type { WorkerInfo } from './worker-info';
import { WorkerLogger } from './worker.logger';

export type StartWorkerOptions = {
  /** The app's module: its `@MessagePattern` controllers and their providers. */
  module: Type | DynamicModule;
  info: WorkerInfo;
  config?: WorkerConfig;
};

export type RunningWorker = {
  app: INestMicroservice;
  server: StreamsServer;
  healthPort: number;
  close(): Promise<void>;
};

@Module({})
class WorkerRootModule {}

const LEVELS: Record<WorkerConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/**
 * Boots a worker app: a Nest microservice on the Redis Streams transport for
 * its family, the shared `health` handler, and the HTTP health side port.
 * Every worker `main.ts` is a call to this.
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const config = options.config ?? loadWorkerConfig();
  const server = new StreamsServer({
    redisUrl: config.redisUrl,
    family: options.info.family,
    concurrency: config.concurrency,
    claimIdleMs: config.claimIdleMs,
    claimIntervalMs: config.claimIntervalMs,
    ...(config.forgetConsumerAfterMs
      ? { forgetConsumerAfterMs: config.forgetConsumerAfterMs }
      : {}),
    ...(config.consumer ? { consumer: config.consumer } : {}),
  });
  const root: DynamicModule = {
    module: WorkerRootModule,
    global: true,
    imports: [options.module],
    controllers: [WorkerHealthController],
    providers: [
      { provide: STREAMS_SERVER, useValue: server },
      { provide: WORKER_INFO, useValue: options.info },
    ],
    exports: [STREAMS_SERVER, WORKER_INFO],
  };

  const app = await NestFactory.createMicroservice(root, {
    strategy: server,
    logger:
      config.logFormat === 'json'
        ? new WorkerLogger(config.logLevel, { family: options.info.family })
        : LEVELS[config.logLevel],
  });
  app.enableShutdownHooks();
  await app.listen();

  const health = new WorkerHealthServer(server);
  const healthPort = await health.listen(config.healthPort, config.healthHost);
  const logger = new Logger('Worker');
  logger.log({
    msg: 'worker ready',
    family: options.info.family,
    consumer: server.consumer,
    healthPort,
  });

  return {
    app,
    server,
    healthPort,
    close: async () => {
      await health.close();
      await app.close();
    },
  };
}
