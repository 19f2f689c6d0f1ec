import { Logger } from '@nestjs/common';
import { startWorker } from '@headroom/transport';
import { createCompressors } from './compressors.provider';
import { WorkerModule } from './worker.module';

// Thin shell: the compressors come from the lib, the transport and health
// port from libs/transport. Configuration is read and checked in startWorker.
startWorker({
  module: WorkerModule,
  info: { family: 'code', components: createCompressors().names },
}).catch((error: unknown) => {
  new Logger('compressor-code').error({ msg: 'worker failed to start', error: String(error) });
  process.exit(1);
});
