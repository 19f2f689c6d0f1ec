import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CompressInput, CompressOutcome } from '@headroom/contracts';
import type { TokenizerName } from '@headroom/tokens';
import type { CompressorPort } from '../compression.ports';
import {
  THREAD_READY,
  type ThreadReply,
  type ThreadRequest,
  unpackOutcome,
} from './thread-messages';

export type ThreadPoolOptions = {
  threads: number;
  /**
   * How long a call may wait for its thread, and how long it may then run.
   * A wait that runs out fails that call alone; a run that overruns means
   * the thread is stuck, so it is ended and replaced.
   */
  timeoutMs: number;
  /**
   * The same bounds for a token count. Counting is linear and cannot be
   * skipped the way a block's compression can, so it gets longer: a 20 MB
   * tool output takes seconds, and killing the thread for it helps nobody.
   */
  countTimeoutMs?: number;
  onRestart?: (reason: 'timeout' | 'crash') => void;
  /** A module exporting `defaultCompressors()` to run instead of ours. */
  families?: string;
};

const DEFAULT_COUNT_TIMEOUT_MS = 15_000;

type Task = {
  id: number;
  message: ThreadRequest;
  timeoutMs: number;
  signal?: AbortSignal;
  resolve: (reply: ThreadReply) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
};

type Slot = {
  worker: Worker;
  /** The one call the thread is working on; the others wait in `queue`. */
  running?: Task;
  queue: Task[];
  ready: Promise<void>;
  isReady: boolean;
};

/**
 * Compressor threads for the embedded mode. Compression is CPU work that a
 * timer on the main thread cannot interrupt; here a call that overruns is
 * failed (the pipeline forwards the block uncompressed) and the thread that
 * ran it is ended and replaced, so the gateway never waits on it.
 *
 * Each thread is handed one call at a time, so a call's run time starts when
 * its thread takes it up. Under a burst the others wait in the pool, and one
 * that waits too long fails on its own: a queue is no reason to kill a thread
 * that is working (replacing it costs seconds of CPU loading the families).
 *
 * TODO(#9): the queue is first come, first served across tenants: one tenant
 * sending several multi-megabyte blocks keeps the thread busy and every other
 * tenant's blocks time out in the queue and go out uncompressed (break-it: 6
 * concurrent 6 MB outputs held compression off for ~14 s). A queue per tenant,
 * served in turn, would confine the wait to the tenant that caused it.
 */
export class CompressorThreadPool implements CompressorPort {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly options: ThreadPoolOptions) {
    for (let index = 0; index < Math.max(1, options.threads); index += 1) {
      this.slots.push(this.spawn());
    }
  }

  /** Resolves once every thread has loaded its compressors. */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.ready));
  }

  async compress(input: CompressInput, signal?: AbortSignal): Promise<CompressOutcome> {
    const reply = await this.dispatch((id) => ({ id, input }), this.options.timeoutMs, signal);
    if (!reply.outcome) throw new Error('compressor thread sent no outcome');

    return unpackOutcome(reply.outcome, reply.wholeBlock, input.text);
  }

  /** Exact token counts, made on a thread so long texts do not stall the event loop. */
  async countTokens(
    tokenizer: TokenizerName,
    texts: string[],
    signal?: AbortSignal,
  ): Promise<number[]> {
    const reply = await this.dispatch(
      (id) => ({ id, count: { tokenizer, texts } }),
      this.options.countTimeoutMs ?? Math.max(DEFAULT_COUNT_TIMEOUT_MS, this.options.timeoutMs),
      signal,
    );
    if (!reply.counts) throw new Error('compressor thread sent no counts');

    return reply.counts;
  }

  // A call whose signal aborts while it waits is dropped when its turn comes
  // (no listener per call: a request may queue hundreds). One a thread has
  // taken up runs on: it is bounded by its timeout, and ending the thread
  // would cost seconds of CPU to load a new one.
  private dispatch(
    message: (id: number) => ThreadRequest,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<ThreadReply> {
    if (this.closed) {
      return Promise.reject(new Error('compressor threads are closed'));
    }
    if (signal?.aborted) {
      return Promise.reject(new Error('compressor call no longer wanted'));
    }

    // A thread still loading (at boot, or just replaced) takes no work: the
    // block goes out uncompressed rather than waiting for it.
    const ready = this.slots.filter((slot) => slot.isReady);
    if (ready.length === 0) {
      return Promise.reject(new Error('compressor threads are starting'));
    }

    const slot = ready.reduce((least, next) => (load(next) < load(least) ? next : least));
    const id = (this.nextId += 1);

    return new Promise<ThreadReply>((resolve, reject) => {
      const task: Task = { id, message: message(id), timeoutMs, signal, resolve, reject };
      if (!slot.running) {
        this.run(slot, task);
        return;
      }
      task.timer = setTimeout(() => this.giveUpWaiting(slot, task), timeoutMs);
      slot.queue.push(task);
    });
  }

  private run(slot: Slot, task: Task): void {
    clearTimeout(task.timer);
    slot.running = task;
    task.timer = setTimeout(() => this.abandon(slot, 'timeout'), task.timeoutMs);
    slot.worker.postMessage(task.message);
  }

  private giveUpWaiting(slot: Slot, task: Task): void {
    const index = slot.queue.indexOf(task);
    if (index < 0) return;

    slot.queue.splice(index, 1);
    task.reject(new Error(`compressor threads busy for ${task.timeoutMs} ms`));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => this.retire(slot, new Error('closed'))));
  }

  private spawn(): Slot {
    const entry = threadEntry();
    const worker = new Worker(entry.file, {
      execArgv: entry.execArgv,
      workerData: { families: this.options.families },
    });
    let markReady = (): void => undefined;
    const slot: Slot = {
      worker,
      queue: [],
      isReady: false,
      ready: new Promise<void>((resolve) => (markReady = resolve)),
    };

    worker.unref();
    worker.on('message', (reply: ThreadReply | typeof THREAD_READY) => {
      if (reply === THREAD_READY) {
        slot.isReady = true;
        markReady();
        return;
      }
      this.settle(slot, reply);
    });
    worker.on('error', () => this.abandon(slot, 'crash'));
    worker.on('exit', () => {
      if (!this.closed && this.slots.includes(slot)) this.abandon(slot, 'crash');
    });

    return slot;
  }

  private settle(slot: Slot, reply: ThreadReply): void {
    const task = slot.running;
    if (!task || task.id !== reply.id) return;

    clearTimeout(task.timer);
    slot.running = undefined;
    if (reply.error !== undefined) task.reject(new Error(reply.error));
    else task.resolve(reply);

    this.runNext(slot);
  }

  private runNext(slot: Slot): void {
    for (let next = slot.queue.shift(); next; next = slot.queue.shift()) {
      if (!next.signal?.aborted) {
        this.run(slot, next);
        return;
      }
      clearTimeout(next.timer);
      next.reject(new Error('compressor call no longer wanted'));
    }
  }

  /** Fails everything the thread holds, ends it, and puts a fresh one in its place. */
  private abandon(slot: Slot, reason: 'timeout' | 'crash'): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;

    const message =
      reason === 'timeout'
        ? `compressor exceeded ${slot.running?.timeoutMs ?? this.options.timeoutMs} ms`
        : 'compressor thread crashed';
    this.slots[index] = this.spawn();
    void this.retire(slot, new Error(message));
    this.options.onRestart?.(reason);
  }

  // The call it was running gets `error`; calls still waiting for it fail
  // too (the new thread takes no work while it loads), each saying why.
  private async retire(slot: Slot, error: Error): Promise<void> {
    const { running, queue } = slot;
    slot.running = undefined;
    slot.queue = [];
    if (running) {
      clearTimeout(running.timer);
      running.reject(error);
    }
    for (const task of queue) {
      clearTimeout(task.timer);
      task.reject(new Error(`${error.message} while this call waited for the thread`));
    }
    await slot.worker.terminate();
    slot.isReady = false;
  }
}

function load(slot: Slot): number {
  return slot.queue.length + (slot.running ? 1 : 0);
}

/**
 * The thread's entry: compiled JavaScript in a built app, the TypeScript
 * source (loaded through swc) when running from sources, as under jest.
 */
function threadEntry(): { file: string; execArgv: string[] } {
  const root = workspaceRoot(__dirname);
  const fromSource = __filename.endsWith('.ts');

  return {
    file: join(__dirname, fromSource ? 'compressor.thread.ts' : 'compressor.thread.js'),
    execArgv: [
      '--require',
      join(root, 'tools', 'scripts', fromSource ? 'ts-register.cjs' : 'register-paths.cjs'),
    ],
  };
}

function workspaceRoot(start: string): string {
  let directory = start;
  while (!existsSync(join(directory, 'tsconfig.base.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no workspace root above ${start}`);
    directory = parent;
  }

  return directory;
}
