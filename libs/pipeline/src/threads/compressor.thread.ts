import { parentPort, workerData } from 'node:worker_threads';
import type { Compressor } from '@headroom/contracts';
import { tokenizerByName } from '@headroom/tokens';
import { CompressorRegistry } from '../compressor-registry';
import { THREAD_READY, type ThreadReply, type ThreadRequest, packOutcome } from './thread-messages';

// One compressor thread: every family in process, answering the pool's
// requests one at a time. CPU-heavy work here cannot stall the gateway's
// event loop, and a runaway call can be stopped by ending the thread.
// The families come from a module exporting `defaultCompressors()`: ours,
// unless the pool was given another (tests use one that misbehaves).
const familiesModule =
  (workerData as { families?: string } | undefined)?.families ?? '../default-compressors';
const { defaultCompressors } = require(familiesModule) as {
  defaultCompressors: () => Compressor[];
};
const registry = new CompressorRegistry(defaultCompressors());
const port = parentPort;

port?.on('message', (request: ThreadRequest) => {
  void answer(request).then((reply) => port.postMessage(reply));
});
void warmup().then(() => port?.postMessage(THREAD_READY));

/** Loads lazy parts (grammars, DOM) before the thread takes traffic. */
async function warmup(): Promise<void> {
  for (const kind of ['json', 'code', 'html', 'log'] as const) {
    await registry.compress({ text: '{}', kind, query: '', lossless: true }).catch(() => undefined);
  }
}

async function answer(request: ThreadRequest): Promise<ThreadReply> {
  try {
    if ('count' in request) {
      const tokenizer = tokenizerByName(request.count.tokenizer);
      return { id: request.id, counts: request.count.texts.map((text) => tokenizer.count(text)) };
    }

    return packOutcome(request.id, await registry.compress(request.input), request.input.text);
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
