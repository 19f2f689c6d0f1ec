import type { WorkerFamily } from '@headroom/contracts';

/** What a worker app tells the shared health handler about itself. */
export type WorkerInfo = {
  family: WorkerFamily;
  /** Compressor names, or `store:<provider>` for the CCR service. */
  components: string[];
  /** Optional deeper check, e.g. the CCR database answering. */
  isHealthy?: () => Promise<boolean>;
};
