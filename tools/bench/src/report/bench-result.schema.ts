import { z } from 'zod';

export const RESULT_SCHEMA_VERSION = 'headroom-bench/1';

const summary = z.object({
  count: z.number().int().nonnegative(),
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
});

export const STAGES = ['router', 'compressor', 'tokenizer', 'ccrMemory', 'ccrSqlite'] as const;

export type Stage = (typeof STAGES)[number];

const stageSplit = z.object({
  router: summary,
  compressor: summary,
  tokenizer: summary,
  ccrMemory: summary,
  ccrSqlite: summary.nullable(),
});

export const targetCheckSchema = z.object({
  name: z.string(),
  /** What is compared, e.g. `p50 of router + compressor + CCR (memory)`. */
  metric: z.string(),
  comparison: z.enum(['<=', '>=']),
  limit: z.number(),
  actual: z.number(),
  unit: z.string(),
  met: z.boolean(),
});

export const machineSchema = z.object({
  cores: z.number().int().positive(),
  cpuModel: z.string(),
  nodeVersion: z.string(),
  totalMemoryBytes: z.number().int().positive(),
  platform: z.string(),
  arch: z.string(),
  /** 1, 5 and 15 minute load averages when the run started: other work on the box skews numbers. */
  loadAverage: z.array(z.number()).optional(),
});

/** One `bench/results/<scenario>.json`. Suite-specific numbers live in `details`. */
export const benchResultSchema = z.object({
  schema: z.literal(RESULT_SCHEMA_VERSION),
  scenario: z.string().regex(/^[a-z0-9-]+$/),
  suite: z.enum(['json', 'corpus', 'dom', 'scaling', 'aligner', 'gateway', 'memory', 'soak']),
  label: z.string(),
  date: z.iso.datetime(),
  commit: z.string(),
  /** Uncommitted changes in the tree when the bench ran: the numbers are for that tree. */
  dirty: z.boolean(),
  quick: z.boolean(),
  machine: machineSchema,
  inputs: z.object({
    count: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    description: z.string(),
    names: z.array(z.string()).optional(),
    seed: z.number().int().optional(),
  }),
  iterations: z.number().int().nonnegative(),
  tokens: z.object({ before: z.number(), after: z.number() }).nullable(),
  reduction: z.number().nullable(),
  /** Per input and iteration; for load runs, per request (added latency in `details`). */
  latencyMs: summary.nullable(),
  stagesMs: stageSplit.nullable(),
  published: z
    .object({ p50Ms: z.number(), p95Ms: z.number().optional(), source: z.string() })
    .optional(),
  targets: z.array(targetCheckSchema),
  details: z.record(z.string(), z.unknown()),
});

export type BenchResult = z.infer<typeof benchResultSchema>;
export type TargetCheck = z.infer<typeof targetCheckSchema>;
export type Machine = z.infer<typeof machineSchema>;
export type StageSplit = z.infer<typeof stageSplit>;
