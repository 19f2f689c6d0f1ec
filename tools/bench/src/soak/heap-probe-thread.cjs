// Test-only preload for the gateway's worker threads, put there by
// heap-probe.cjs: every second each thread posts its own V8 heap on a
// BroadcastChannel, which the main thread's probe reads. A thread's heap is
// its own isolate, invisible to `process.memoryUsage()` of the main thread.
const v8 = require('node:v8');
const { BroadcastChannel, threadId } = require('node:worker_threads');

const channel = new BroadcastChannel('headroom-probe-threads');
channel.unref();

function post() {
  const heap = v8.getHeapStatistics();
  channel.postMessage({
    threadId,
    heapTotalBytes: heap.total_heap_size,
    heapUsedBytes: heap.used_heap_size,
    externalBytes: heap.external_memory,
    mallocedBytes: heap.malloced_memory,
  });
}

post();
setInterval(post, 1_000).unref();
