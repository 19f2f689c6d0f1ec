import type { OriginalStore } from '@headroom/contracts';
import { type Summary, roundSummary, summarize } from '../stats/percentiles';
import type { StageSplit } from '../report/bench-result.schema';
import type { CompressionScenario } from './compression-scenario';
import { type IterationBudget, iterate } from './iteration-budget';
import { type StageOutcome, type StageSample, StageRunner } from './stage-runner';

export type InputReport = {
  name: string;
  bytes: number;
  kind: string;
  status: string;
  detail?: string;
  transforms: string[];
  tokensBefore: number;
  tokensAfter: number;
  p50Ms: number;
};

export type ScenarioMeasurement = {
  iterations: number;
  /** router + compressor + tokenizer + CCR (memory), per input and run. */
  total: Summary;
  /** router + compressor + CCR (memory): what it takes to produce the block. */
  compressPath: Summary;
  /** CPU time of the same span as `total`, per input and run. */
  cpu: Summary;
  stages: StageSplit;
  tokensBefore: number;
  tokensAfter: number;
  inputs: InputReport[];
};

// SQLite writes fsync and fill the temp database: a few dozen per scenario
// (at least one per input) say enough about their cost without making the
// bench about the disk.
const SQLITE_SAMPLES_PER_SCENARIO = 30;

/** Runs every input of a scenario under the budget and summarises per stage. */
export async function measureScenario(
  scenario: CompressionScenario,
  budget: IterationBudget,
  sqliteStore: OriginalStore | undefined,
): Promise<ScenarioMeasurement> {
  const runner = new StageRunner(sqliteStore);
  const samples: StageSample[] = [];
  const perInput = scenario.inputs.map(() => ({ totals: [] as number[], sqlite: 0 }));
  const first: StageOutcome[] = [];
  const sqlitePerInput = Math.ceil(SQLITE_SAMPLES_PER_SCENARIO / scenario.inputs.length);

  const iterations = await iterate(budget, async (iteration, measured) => {
    for (const [index, input] of scenario.inputs.entries()) {
      const record = perInput[index];
      const withSqlite = measured && record.sqlite < sqlitePerInput;
      const outcome = await runner.run(input.text, iteration, scenario.query ?? '', withSqlite);
      if (first.length <= index) first.push(outcome);
      if (!measured) continue;

      if (withSqlite) record.sqlite += 1;
      samples.push(outcome.sample);
      record.totals.push(totalOf(outcome.sample));
    }
  });

  return {
    iterations,
    total: roundSummary(summarize(samples.map(totalOf))),
    compressPath: roundSummary(summarize(samples.map(compressPathOf))),
    cpu: roundSummary(summarize(samples.map((sample) => sample.cpu))),
    stages: splitOf(samples),
    tokensBefore: first.reduce((sum, outcome) => sum + outcome.tokensBefore, 0),
    tokensAfter: first.reduce((sum, outcome) => sum + outcome.tokensAfter, 0),
    inputs: scenario.inputs.map((input, index) => ({
      name: input.name,
      bytes: Buffer.byteLength(input.text, 'utf8'),
      kind: first[index].kind,
      status: first[index].status,
      ...(first[index].detail ? { detail: first[index].detail } : {}),
      transforms: first[index].transforms,
      tokensBefore: first[index].tokensBefore,
      tokensAfter: first[index].tokensAfter,
      p50Ms: roundSummary(summarize(perInput[index].totals)).p50,
    })),
  };
}

function totalOf(sample: StageSample): number {
  return sample.router + sample.compressor + sample.tokenizer + sample.ccrMemory;
}

function compressPathOf(sample: StageSample): number {
  return sample.router + sample.compressor + sample.ccrMemory;
}

function splitOf(samples: readonly StageSample[]): StageSplit {
  const sqlite = samples.flatMap((sample) =>
    sample.ccrSqlite === undefined ? [] : [sample.ccrSqlite],
  );
  const of = (pick: (sample: StageSample) => number) => roundSummary(summarize(samples.map(pick)));

  return {
    router: of((sample) => sample.router),
    compressor: of((sample) => sample.compressor),
    tokenizer: of((sample) => sample.tokenizer),
    ccrMemory: of((sample) => sample.ccrMemory),
    ccrSqlite: sqlite.length > 0 ? roundSummary(summarize(sqlite)) : null,
  };
}
