import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RetentionPolicy } from '@headroom/ccr';
import { openOriginalStore } from '@headroom/storage';
import { RESULT_SCHEMA_VERSION, type BenchResult } from '../report/bench-result.schema';
import type { RunContext } from '../report/run-context';
import {
  type SuiteOutput,
  type TableRow,
  formatCount,
  formatMs,
  formatPercent,
} from '../report/table-row';
import { round } from '../stats/percentiles';
import type { CompressionScenario } from './compression-scenario';
import { budgetFor } from './iteration-budget';
import { reductionPercent } from './json-scenario-list';
import { type ScenarioMeasurement, measureScenario } from './scenario-measurement';

/**
 * Measures each scenario with its own SQLite file in a temp directory, so
 * one scenario's database size never slows the next one's writes.
 */
export async function runCompressionScenarios(
  scenarios: readonly CompressionScenario[],
  context: RunContext,
  onOutput: (output: SuiteOutput) => void,
): Promise<SuiteOutput[]> {
  const directory = mkdtempSync(join(tmpdir(), 'headroom-bench-ccr-'));
  const outputs: SuiteOutput[] = [];

  try {
    for (const scenario of scenarios) {
      const store = await openOriginalStore({
        databaseUrl: `file:${join(directory, `${scenario.scenario}.db`)}`,
        retention: new RetentionPolicy(),
      });
      try {
        const measurement = await measureScenario(
          scenario,
          budgetFor(scenario.measureMs, context.quick, scenario.inputs.length),
          store,
        );
        const result = toResult(scenario, measurement, context);
        const output = { result, row: toRow(scenario, result, measurement) };
        outputs.push(output);
        onOutput(output);
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }

  return outputs;
}

function toResult(
  scenario: CompressionScenario,
  measurement: ScenarioMeasurement,
  context: RunContext,
): BenchResult {
  const bytes = scenario.inputs.reduce(
    (sum, input) => sum + Buffer.byteLength(input.text, 'utf8'),
    0,
  );

  return {
    schema: RESULT_SCHEMA_VERSION,
    scenario: scenario.scenario,
    suite: scenario.suite,
    label: scenario.label,
    ...context,
    inputs: {
      count: scenario.inputs.length,
      bytes,
      description: scenario.description,
      ...(scenario.inputs.length > 1 ? { names: scenario.inputs.map((input) => input.name) } : {}),
      ...(scenario.seed === undefined ? {} : { seed: scenario.seed }),
    },
    iterations: measurement.iterations,
    tokens: { before: measurement.tokensBefore, after: measurement.tokensAfter },
    reduction: round(reductionPercent(measurement) / 100, 4),
    latencyMs: measurement.total,
    stagesMs: measurement.stages,
    ...(scenario.published ? { published: scenario.published } : {}),
    targets: scenario.targets?.(measurement) ?? [],
    details: {
      latencyDefinition: 'per input and run: router + compressor + tokenizer + CCR write (memory)',
      compressPathMs: measurement.compressPath,
      cpuMs: measurement.cpu,
      query: scenario.query ?? '',
      inputs: measurement.inputs,
    },
  };
}

function toRow(
  scenario: CompressionScenario,
  result: BenchResult,
  measurement: ScenarioMeasurement,
): TableRow {
  const stages = measurement.stages;
  const kinds = [...new Set(measurement.inputs.map((input) => input.kind))].join(', ');
  const skipped = measurement.inputs.filter((input) => input.status !== 'compressed').length;

  return {
    scenario: scenario.label,
    tokens: `${formatCount(measurement.tokensBefore)} → ${formatCount(measurement.tokensAfter)}`,
    reduction: formatPercent(result.reduction),
    p50: formatMs(measurement.total.p50),
    tail: `${formatMs(measurement.total.p95)} / ${formatMs(measurement.total.p99)}`,
    runs: formatCount(measurement.iterations * scenario.inputs.length),
    split: [
      stages.router.p50,
      stages.compressor.p50,
      stages.tokenizer.p50,
      stages.ccrMemory.p50,
      stages.ccrSqlite?.p50,
    ]
      .map(formatMs)
      .join(' / '),
    published: scenario.published ? `${formatCount(scenario.published.p50Ms)} ms` : '–',
    notes: [
      `CPU p50 ${formatMs(measurement.cpu.p50)} ms`,
      `kind ${kinds}`,
      scenario.inputs.length > 1
        ? `${scenario.inputs.length} inputs, ${skipped} not compressed`
        : '',
      measurement.inputs.length === 1 && skipped === 1
        ? `skipped: ${measurement.inputs[0].detail}`
        : '',
    ]
      .filter(Boolean)
      .join('; '),
  };
}
