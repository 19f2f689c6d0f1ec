import { z } from 'zod';

/**
 * A whole number written in decimal digits, between `min` and `max`. Stricter
 * than `Number()`: an empty value, `0x4000`, `1e4`, `8787.0` or `+1` is a
 * problem to list, not a port or a limit nobody meant.
 */
export const decimalInteger = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: 'must be a whole number in decimal digits' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const integer = (fallback: number, min: number, max: number) =>
  decimalInteger(min, max).default(fallback);

/** Every `HEADROOM_*` variable a worker (compressor family or CCR service) reads. */
export const workerEnvironmentSchema = z.object({
  HEADROOM_REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .refine((value) => /^rediss?:\/\//.test(value), { message: 'must be a redis:// URL' }),
  /** Port of the small HTTP server for `/livez`, `/readyz` and `/metrics`; 0 picks a free one. */
  HEADROOM_HEALTH_PORT: integer(0, 0, 65_535),
  HEADROOM_HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
  HEADROOM_WORKER_CONCURRENCY: integer(1, 1, 64),
  HEADROOM_WORKER_CLAIM_IDLE_MS: integer(10_000, 100, 3_600_000),
  HEADROOM_WORKER_CLAIM_INTERVAL_MS: integer(2_000, 50, 600_000),
  HEADROOM_WORKER_FORGET_CONSUMER_MS: integer(600_000, 100, 86_400_000),
  /** Replica name in the consumer group; defaults to host, pid and a random suffix. */
  HEADROOM_WORKER_ID: z.string().min(1).optional(),
  HEADROOM_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
  /** `json` (pino lines, for deployments) or `pretty` (Nest's console format). */
  HEADROOM_LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
});

export type WorkerConfig = {
  redisUrl: string;
  healthPort: number;
  healthHost: string;
  concurrency: number;
  claimIdleMs: number;
  claimIntervalMs: number;
  forgetConsumerAfterMs?: number;
  consumer?: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  logFormat?: 'json' | 'pretty';
};

/** Thrown at boot with every problem in the environment listed at once. */
export class WorkerConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid worker environment:\n  ${problems.join('\n  ')}`);
    this.name = 'WorkerConfigError';
  }
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = workerEnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new WorkerConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }

  const values = parsed.data;

  return {
    redisUrl: values.HEADROOM_REDIS_URL,
    healthPort: values.HEADROOM_HEALTH_PORT,
    healthHost: values.HEADROOM_HEALTH_HOST,
    concurrency: values.HEADROOM_WORKER_CONCURRENCY,
    claimIdleMs: values.HEADROOM_WORKER_CLAIM_IDLE_MS,
    claimIntervalMs: values.HEADROOM_WORKER_CLAIM_INTERVAL_MS,
    forgetConsumerAfterMs: values.HEADROOM_WORKER_FORGET_CONSUMER_MS,
    consumer: values.HEADROOM_WORKER_ID,
    logLevel: values.HEADROOM_LOG_LEVEL,
    logFormat: values.HEADROOM_LOG_FORMAT,
  };
}
