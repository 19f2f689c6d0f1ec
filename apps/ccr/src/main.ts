import { openOriginalStore } from '@headroom/storage';
import { WorkerLogger, startWorker } from '@headroom/transport';
import { Logger } from '@nestjs/common';
import { loadCcrConfig } from './ccr.config';
import { CcrModule } from './ccr.module';

const logger = new Logger('ccr');

/** The CCR service: migrate and open the store, then serve `ccr.*` and run the jobs. */
async function main(): Promise<void> {
  const config = loadCcrConfig();
  // Opening the store logs before Nest boots; route those lines through pino too.
  if (config.worker.logFormat === 'json') {
    Logger.overrideLogger(new WorkerLogger(config.worker.logLevel, { family: 'ccr' }));
  }
  const store = await openOriginalStore({
    databaseUrl: config.databaseUrl,
    logger: { log: (msg, fields) => logger.log({ msg, ...fields }) },
  });

  await startWorker({
    module: CcrModule.forRoot(store, config),
    info: {
      family: 'ccr',
      components: [`store:${store.provider}`],
      isHealthy: async () => (await store.stats('health-probe')).tenant === 'health-probe',
    },
    config: config.worker,
  });
}

main().catch((error: unknown) => {
  logger.error({ msg: 'ccr failed to start', error: String(error) });
  process.exit(1);
});
