// Test-only preload for the soak suite: `node --expose-gc -r <this file> main.js`
// with an IPC channel. On request it forces a full collection and reports the
// heap that survived it, or writes a heap snapshot, so the soak measures what
// the gateway keeps rather than garbage it has not collected yet. It answers
// only its parent over the IPC pipe: nothing listens on a port.
const v8 = require('node:v8');

const PROBE = 'headroom-soak-probe';

function collect() {
  if (typeof globalThis.gc !== 'function') return false;
  // Twice: the first pass runs finalizers whose targets only the second frees.
  globalThis.gc();
  globalThis.gc();

  return true;
}

function heapSample() {
  const collected = collect();
  const memory = process.memoryUsage();
  const heap = v8.getHeapStatistics();

  return {
    collected,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
    externalBytes: memory.external,
    arrayBuffersBytes: memory.arrayBuffers,
    nativeContexts: heap.number_of_native_contexts,
    activeResources: process.getActiveResourcesInfo().length,
  };
}

function answer(message) {
  if (message.kind === 'heap') return heapSample();
  if (message.kind === 'snapshot') {
    collect();

    return { path: v8.writeHeapSnapshot(message.path) };
  }

  return { error: `unknown probe ${String(message.kind)}` };
}

if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (!message || message.type !== PROBE) return;

    let reply;
    try {
      reply = answer(message);
    } catch (error) {
      reply = { error: error instanceof Error ? error.message : String(error) };
    }
    process.send({ type: PROBE, id: message.id, ...reply });
  });
  // After the listener, which refs the channel: the pipe must not keep the
  // gateway alive once it has shut down.
  process.channel?.unref();
}
