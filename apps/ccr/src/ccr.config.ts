import {
  type WorkerConfig,
  WorkerConfigError,
  decimalInteger,
  loadWorkerConfig,
} from '@headroom/transport';
import { z } from 'zod';

const integer = (fallback: number, min: number, max: number) =>
  decimalInteger(min, max).default(fallback);

/** The CCR service's own variables, on top of every worker's. */
const ccrEnvironmentSchema = z.object({
  /** Read by libs/storage; PostgreSQL in distributed mode. Checked here so boot fails early. */
  HEADROOM_DATABASE_URL: z.string().min(1).default('file:./.headroom/headroom.db'),
  HEADROOM_CCR_SWEEP_INTERVAL_MS: integer(15 * 60_000, 1_000, 7 * 86_400_000),
  HEADROOM_AUDIT_EXPORT_INTERVAL_MS: integer(86_400_000, 1_000, 30 * 86_400_000),
  HEADROOM_AUDIT_EXPORT_DIR: z.string().min(1).default('./.headroom/audit'),
});

export type CcrConfig = {
  worker: WorkerConfig;
  databaseUrl: string;
  sweepIntervalMs: number;
  auditExportIntervalMs: number;
  auditExportDir: string;
};

/** Reads and checks the whole environment once; every problem is listed together. */
export function loadCcrConfig(env: NodeJS.ProcessEnv = process.env): CcrConfig {
  const problems: string[] = [];
  let worker: WorkerConfig | undefined;
  try {
    worker = loadWorkerConfig(env);
  } catch (error) {
    if (!(error instanceof WorkerConfigError)) throw error;
    problems.push(...error.problems);
  }
  const parsed = ccrEnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    problems.push(
      ...parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  if (problems.length > 0 || !worker || !parsed.success) throw new WorkerConfigError(problems);

  return {
    worker,
    databaseUrl: parsed.data.HEADROOM_DATABASE_URL,
    sweepIntervalMs: parsed.data.HEADROOM_CCR_SWEEP_INTERVAL_MS,
    auditExportIntervalMs: parsed.data.HEADROOM_AUDIT_EXPORT_INTERVAL_MS,
    auditExportDir: parsed.data.HEADROOM_AUDIT_EXPORT_DIR,
  };
}
