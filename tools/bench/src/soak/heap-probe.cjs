// Test-only preload for the soak and memory suites: `node --expose-gc -r <this
// file> main.js` with an IPC channel. On request it forces a full collection
// and reports the heap that survived it (what the gateway keeps, not garbage
// it has not collected yet), reports memory as it is under load (no
// collection, with each worker thread's heap), or writes a heap snapshot. It
// answers only its parent over the IPC pipe: nothing listens on a port.
const v8 = require('node:v8');
const { join } = require('node:path');
const threads = require('node:worker_threads');

const PROBE = 'headroom-soak-probe';

// Every worker thread the gateway starts gets heap-probe-thread.cjs too, and
// its latest heap reading is kept here by thread id (a thread that has ended
// is dropped after three silent seconds).
const threadHeaps = new Map();
const THREAD_SILENCE_MS = 3_000;
const ThreadWorker = threads.Worker;
threads.Worker = class ProbedWorker extends ThreadWorker {
  constructor(file, options = {}) {
    const execArgv = [
      ...(options.execArgv ?? []),
      '--require',
      join(__dirname, 'heap-probe-thread.cjs'),
    ];
    super(file, { ...options, execArgv });
  }
};
const threadChannel = new threads.BroadcastChannel('headroom-probe-threads');
threadChannel.onmessage = (event) => {
  threadHeaps.set(event.data.threadId, { ...event.data, at: Date.now() });
};
threadChannel.unref();

function threadSamples() {
  const now = Date.now();
  for (const [id, sample] of threadHeaps) {
    if (now - sample.at > THREAD_SILENCE_MS) threadHeaps.delete(id);
  }

  return [...threadHeaps.values()].map(({ at: _at, ...sample }) => sample);
}

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

// What the process holds right now, garbage included: no collection, so a
// sampler may ask every second under load without changing what it measures.
function usageSample() {
  const memory = process.memoryUsage();
  const spaces = {};
  for (const space of v8.getHeapSpaceStatistics()) {
    spaces[space.space_name] = space.space_size;
  }

  return {
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
    externalBytes: memory.external,
    arrayBuffersBytes: memory.arrayBuffers,
    spaces,
    threads: threadSamples(),
  };
}

function answer(message) {
  if (message.kind === 'heap') return heapSample();
  if (message.kind === 'usage') return usageSample();
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
