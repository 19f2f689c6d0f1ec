import { performance } from 'node:perf_hooks';
import type { BenchArgs, Suite } from './cli/bench-args';
import type { CompressionScenario } from './compression/compression-scenario';
import { runCompressionScenarios } from './compression/compression.bench';
import { domScenarios } from './compression/dom-scenario-list';
import { jsonScenarios } from './compression/json-scenario-list';
import { corpusDirectory, hasCorpus } from './corpus/corpus-directory';
import { corpusScenarios } from './corpus/corpus-scenario-list';
import { runMemory } from './memory/memory.bench';
import { runGatewayOverhead } from './gateway/gateway-overhead.bench';
import { markdownTable, targetList } from './report/markdown-table';
import { resultsDirectory, workspaceRoot, writeResult } from './report/result-files';
import { type RunContext, runContext } from './report/run-context';
import type { SuiteOutput } from './report/table-row';
import { runScaling } from './scaling/scaling.bench';
import { runNormaliser } from './aligner/normaliser.bench';
import { runSoakSuite } from './soak/soak.bench';

export type BenchRun = { outputs: SuiteOutput[]; table: string; directory: string };

// Per-scenario measuring time, chosen so the full bench stays near five
// minutes on two cores; --quick ignores them.
const MEASURE_MS = { json: 2_000, corpus: 2_500, dom: 3_000 } as const;

type SuiteRunner = (context: RunContext, emit: (output: SuiteOutput) => void) => Promise<unknown>;

function compressionSuite(scenarios: () => CompressionScenario[]): SuiteRunner {
  return (context, emit) => runCompressionScenarios(scenarios(), context, emit);
}

function suiteRunners(
  root: string,
  corpus: string | undefined,
  args: BenchArgs,
): Record<Suite, SuiteRunner | undefined> {
  return {
    json: compressionSuite(() => jsonScenarios(MEASURE_MS.json)),
    corpus: corpus ? compressionSuite(() => corpusScenarios(corpus, MEASURE_MS.corpus)) : undefined,
    dom: corpus ? compressionSuite(() => domScenarios(corpus, MEASURE_MS.dom)) : undefined,
    scaling: (context, emit) => runScaling(context, emit),
    aligner: (context, emit) => runNormaliser(context, emit),
    gateway: (context, emit) => runGatewayOverhead(context, root, corpus, emit),
    memory: (context, emit) => runMemory(context, root, corpus, emit),
    soak: corpus
      ? (context, emit) => runSoakSuite(context, root, corpus, args.soak, emit)
      : undefined,
  };
}

/** Runs the chosen suites in order, writes one file per scenario, prints the table. */
export async function runBench(
  args: BenchArgs,
  log: (line: string) => void = console.log,
): Promise<BenchRun> {
  const root = workspaceRoot();
  const directory = resultsDirectory(root);
  const context = runContext(root, args.quick);
  const corpusRoot = corpusDirectory();
  const corpus = hasCorpus(corpusRoot) ? corpusRoot : undefined;
  const runners = suiteRunners(root, corpus, args);
  const outputs: SuiteOutput[] = [];
  const started = performance.now();

  log(
    `headroom bench: ${context.machine.cores} cores, ${context.machine.cpuModel}, node ${context.machine.nodeVersion}, load ${context.machine.loadAverage?.join(' ')}, commit ${context.commit.slice(0, 12)}${context.dirty ? ' (dirty tree)' : ''}${args.quick ? ', quick' : ''}`,
  );
  if (!corpus) {
    log(`no corpus at ${corpusRoot} (HEADROOM_CORPUS_DIR): corpus and dom suites skipped`);
  }

  for (const suite of args.suites) {
    const runner = runners[suite];
    if (!runner) {
      log(`- ${suite}: skipped`);
      continue;
    }

    const suiteStarted = performance.now();
    await runner(context, (output) => {
      if (output.result) writeResult(directory, output.result);
      outputs.push(output);
      log(
        `  ${output.result?.scenario ?? output.row.scenario}: p50 ${output.row.p50} ms (${output.row.runs} runs)`,
      );
    });
    log(`- ${suite}: ${((performance.now() - suiteStarted) / 1000).toFixed(1)} s`);
  }

  const table = markdownTable(outputs.map((output) => output.row));
  const targets = targetList(outputs.flatMap((output) => output.result?.targets ?? []));
  log('');
  log(table);
  log('');
  if (targets) log(targets);
  log(
    `\n${outputs.length} result files in ${directory}; ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
  );

  return { outputs, table, directory };
}
