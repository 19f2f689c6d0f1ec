import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadJob, LoadOutcome } from './load-job';

type WorkerReply = { outcome?: LoadOutcome; error?: string };

/** Fires one load run from a worker thread and resolves with what it saw. */
export function runLoad(job: LoadJob): Promise<LoadOutcome> {
  // The worker is the compiled sibling file: the bench always runs from dist/.
  const worker = new Worker(join(__dirname, 'load.worker.js'), { workerData: job });

  return new Promise<LoadOutcome>((resolve, reject) => {
    worker.once('message', (reply: WorkerReply) => {
      if (reply.outcome) resolve(reply.outcome);
      else reject(new Error(`load run failed: ${reply.error ?? 'no outcome'}`));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with ${code}`));
    });
  });
}
