import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const PROBE = 'headroom-soak-probe';

/** What the preload reports after a forced full collection in the gateway process. */
export type HeapSample = {
  /** False when the child was started without `--expose-gc`: the numbers then include garbage. */
  collected: boolean;
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  nativeContexts: number;
  activeResources: number;
};

/** One worker thread's own V8 heap, as its preload last reported it. */
export type ThreadHeapSample = {
  threadId: number;
  heapTotalBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  mallocedBytes: number;
};

/** Memory as it is, garbage included (no collection), with each worker thread's heap. */
export type UsageSample = {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  /** Committed bytes per V8 space of the main thread (`old_space`, `large_object_space`, ...). */
  spaces: Record<string, number>;
  threads: ThreadHeapSample[];
};

type ProbeReply = { type: string; id: number; error?: string } & Record<string, unknown>;

/** Node flags that load the probe into a child started with an IPC channel. */
/** How a result names the gateway process it measured through the probe. */
export const HEAP_PROBED_GATEWAY =
  'node --expose-gc -r tools/bench/src/soak/heap-probe.cjs -r tools/scripts/register-paths.cjs dist/apps/gateway/src/main.js';

export function heapProbeNodeArgs(root: string): string[] {
  return ['--expose-gc', '-r', join(root, 'tools', 'bench', 'src', 'soak', 'heap-probe.cjs')];
}

/**
 * Talks to `heap-probe.cjs` in a child over its IPC channel. One request at a
 * time is enough for a sampler, but ids keep a late answer from being taken
 * for the next one.
 */
export class HeapProbeClient {
  private nextId = 1;

  constructor(
    private readonly child: ChildProcess,
    private readonly timeoutMs = 30_000,
  ) {}

  async sample(): Promise<HeapSample> {
    const reply = await this.ask({ kind: 'heap' }, this.timeoutMs);

    return {
      collected: reply['collected'] === true,
      rssBytes: numberOf(reply, 'rssBytes'),
      heapUsedBytes: numberOf(reply, 'heapUsedBytes'),
      heapTotalBytes: numberOf(reply, 'heapTotalBytes'),
      externalBytes: numberOf(reply, 'externalBytes'),
      arrayBuffersBytes: numberOf(reply, 'arrayBuffersBytes'),
      nativeContexts: numberOf(reply, 'nativeContexts'),
      activeResources: numberOf(reply, 'activeResources'),
    };
  }

  /** `process.memoryUsage()` and the threads' heaps now, without forcing a collection. */
  async usage(): Promise<UsageSample> {
    const reply = await this.ask({ kind: 'usage' }, this.timeoutMs);

    return {
      rssBytes: numberOf(reply, 'rssBytes'),
      heapUsedBytes: numberOf(reply, 'heapUsedBytes'),
      heapTotalBytes: numberOf(reply, 'heapTotalBytes'),
      externalBytes: numberOf(reply, 'externalBytes'),
      arrayBuffersBytes: numberOf(reply, 'arrayBuffersBytes'),
      spaces: (reply['spaces'] ?? {}) as Record<string, number>,
      threads: (reply['threads'] ?? []) as ThreadHeapSample[],
    };
  }

  /** Writes a `.heapsnapshot` of the child (after a collection) and returns its path. */
  async snapshot(path: string): Promise<string> {
    // A snapshot of a busy heap on a shared box takes minutes, not seconds.
    const reply = await this.ask({ kind: 'snapshot', path }, this.timeoutMs * 10);

    return String(reply['path']);
  }

  private ask(message: Record<string, unknown>, timeoutMs: number): Promise<ProbeReply> {
    const id = this.nextId++;
    const child = this.child;

    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`heap probe gave no answer in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (reply: unknown): void => {
        const candidate = reply as ProbeReply | null;
        if (candidate?.type !== PROBE || candidate.id !== id) return;
        finish(
          candidate.error ? new Error(`heap probe: ${candidate.error}`) : undefined,
          candidate,
        );
      };
      const onExit = (): void => finish(new Error('gateway exited before the heap probe answered'));
      const finish = (error?: Error, reply?: ProbeReply): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error || !reply) reject(error ?? new Error('heap probe: empty answer'));
        else resolve(reply);
      };

      child.on('message', onMessage);
      child.once('exit', onExit);
      if (!child.send) {
        finish(new Error('the gateway was started without an IPC channel'));
        return;
      }
      child.send({ type: PROBE, id, ...message });
    });
  }
}

function numberOf(reply: ProbeReply, key: string): number {
  const value = reply[key];
  if (typeof value !== 'number') throw new Error(`heap probe: ${key} missing from the answer`);

  return value;
}
