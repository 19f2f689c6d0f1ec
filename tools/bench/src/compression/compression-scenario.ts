import type { TargetCheck } from '../report/bench-result.schema';
import type { ScenarioMeasurement } from './scenario-measurement';

/** One named block of text a scenario compresses. */
export type BenchInput = { name: string; text: string };

export type CompressionScenario = {
  /** File name under bench/results, kebab-case. */
  scenario: string;
  label: string;
  suite: 'json' | 'corpus' | 'dom';
  description: string;
  inputs: readonly BenchInput[];
  /** The newest user message the pipeline would pass along; empty when there is none. */
  query?: string;
  seed?: number;
  /** Headroom's published p50 for the same scenario, when it has one. */
  published?: { p50Ms: number; p95Ms?: number; source: string };
  measureMs: number;
  targets?: (measurement: ScenarioMeasurement) => TargetCheck[];
};
