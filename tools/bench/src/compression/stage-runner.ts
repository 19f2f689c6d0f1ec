import { performance } from 'node:perf_hooks';
import { InMemoryOriginalStore } from '@headroom/ccr';
import {
  type CompressOutcome,
  type OriginalMetadata,
  type OriginalRecord,
  type OriginalStore,
  ccrKey,
} from '@headroom/contracts';
import { CompressorRegistry, defaultCompressors } from '@headroom/pipeline';
import { detectContent } from '@headroom/router';
import { type Tokenizer, tokenizerFor } from '@headroom/tokens';

/** Milliseconds one input spent in each stage of one run. */
export type StageSample = {
  router: number;
  compressor: number;
  tokenizer: number;
  ccrMemory: number;
  /** Absent on runs that skipped the SQLite write (it is sampled, see below). */
  ccrSqlite?: number;
  /**
   * CPU time (user + system, all threads) of router to CCR (memory): unlike
   * the wall clock it barely moves when other work shares the machine.
   */
  cpu: number;
};

export type StageOutcome = {
  sample: StageSample;
  kind: string;
  status: CompressOutcome['status'];
  detail: string | undefined;
  transforms: string[];
  tokensBefore: number;
  tokensAfter: number;
};

const METADATA: OriginalMetadata = { tenant: 'bench' };

// A fresh in-memory store every so often keeps the bench's own heap flat:
// otherwise thousands of saved originals would sit in one Map.
const MEMORY_STORE_REUSE = 64;

/**
 * The pipeline's per-block stages, timed one by one around the public
 * functions: router detection, the compressor family (through the same
 * registry the embedded pipeline uses), exact o200k counting of the text
 * before and after, and the CCR write to memory and to SQLite.
 */
export class StageRunner {
  private readonly registry = new CompressorRegistry(defaultCompressors());
  private readonly tokenizer: Tokenizer = tokenizerFor('gpt-4o');
  private memoryStore = new InMemoryOriginalStore();
  private saves = 0;

  constructor(private readonly sqliteStore: OriginalStore | undefined) {}

  async run(
    text: string,
    iteration: number,
    query: string,
    withSqlite: boolean,
  ): Promise<StageOutcome> {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    const detection = detectContent(text);
    const detected = performance.now();

    const unroutable = detection.kind === 'binary' || detection.kind === 'unknown';
    const outcome: CompressOutcome = unroutable
      ? { status: 'skipped', reason: 'unsupported', detail: detection.kind }
      : await this.registry.compress({
          text,
          kind: detection.kind,
          language: detection.language,
          query,
          lossless: false,
        });
    const compressed = performance.now();

    const tokensBefore = this.tokenizer.count(text);
    const tokensAfter =
      outcome.status === 'compressed' ? this.tokenizer.count(outcome.text) : tokensBefore;
    const counted = performance.now();

    const records = outcome.status === 'compressed' ? freshKeys(outcome.originals, iteration) : [];
    const store = this.nextMemoryStore();
    await store.save(records, { ...METADATA, tokensBefore, tokensAfter });
    const savedInMemory = performance.now();
    const cpu = process.cpuUsage(cpuStarted);

    const sample: StageSample = {
      router: detected - started,
      compressor: compressed - detected,
      tokenizer: counted - compressed,
      ccrMemory: savedInMemory - counted,
      cpu: (cpu.user + cpu.system) / 1000,
    };
    if (withSqlite && this.sqliteStore) {
      await this.sqliteStore.save(records, { ...METADATA, tokensBefore, tokensAfter });
      sample.ccrSqlite = performance.now() - savedInMemory;
    }

    return {
      sample,
      kind: detection.kind,
      status: outcome.status,
      detail: outcome.status === 'skipped' ? outcome.reason : undefined,
      transforms: outcome.status === 'compressed' ? outcome.transforms : [],
      tokensBefore,
      tokensAfter,
    };
  }

  private nextMemoryStore(): InMemoryOriginalStore {
    this.saves += 1;
    if (this.saves % MEMORY_STORE_REUSE === 0) {
      this.memoryStore = new InMemoryOriginalStore();
    }

    return this.memoryStore;
  }
}

// Every run must pay for a first save, as a request with new content does;
// re-saving the same key would only measure the cheaper "extend expiry" path.
function freshKeys(originals: readonly OriginalRecord[], iteration: number): OriginalRecord[] {
  return originals.map((record) => ({ ...record, key: ccrKey(`${iteration}:${record.key}`) }));
}
