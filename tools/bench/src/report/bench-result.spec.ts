import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCompressionScenarios } from '../compression/compression.bench';
import { jsonScenarios } from '../compression/json-scenario-list';
import type { SuiteOutput } from './table-row';
import { benchResultSchema } from './bench-result.schema';
import { markdownTable } from './markdown-table';
import { workspaceRoot, writeResult } from './result-files';
import { runContext } from './run-context';

describe('a --quick run of one small scenario', () => {
  let directory: string;
  let outputs: SuiteOutput[];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'headroom-bench-spec-'));
    const context = runContext(workspaceRoot(), true);
    const scenario = jsonScenarios(0).filter((entry) => entry.scenario === 'json-numbers-200');

    outputs = await runCompressionScenarios(scenario, context, () => undefined);
    for (const output of outputs) {
      if (output.result) writeResult(directory, output.result);
    }
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('writes a result file that has the schema', () => {
    const written: unknown = JSON.parse(
      readFileSync(join(directory, 'json-numbers-200.json'), 'utf8'),
    );
    const result = benchResultSchema.parse(written);

    expect(result).toMatchObject({
      scenario: 'json-numbers-200',
      suite: 'json',
      quick: true,
      iterations: 2,
    });
    expect(result.tokens?.before).toBeGreaterThan(result.tokens?.after ?? Infinity);
    expect(result.stagesMs?.ccrSqlite?.count).toBe(2);
    expect(result.machine.cores).toBeGreaterThan(0);
    expect(result.published?.p50Ms).toBe(31);
  });

  it('prints one table row per scenario', () => {
    const table = markdownTable(outputs.map((output) => output.row)).split('\n');

    expect(table).toHaveLength(3);
    expect(table[2]).toContain('Number array (200)');
  });
});

describe('benchResultSchema', () => {
  it('rejects a result without its machine or with a bad scenario name', () => {
    const valid = {
      schema: 'headroom-bench/1',
      scenario: 'x',
      suite: 'json',
      label: 'x',
      date: '2026-12-04T00:00:00.000Z',
      commit: 'abc',
      dirty: false,
      quick: true,
      machine: {
        cores: 2,
        cpuModel: 'cpu',
        nodeVersion: 'v20',
        totalMemoryBytes: 1,
        platform: 'linux',
        arch: 'x64',
      },
      inputs: { count: 1, bytes: 1, description: 'x' },
      iterations: 1,
      tokens: null,
      reduction: null,
      latencyMs: null,
      stagesMs: null,
      targets: [],
      details: {},
    };

    expect(benchResultSchema.safeParse(valid).success).toBe(true);
    expect(benchResultSchema.safeParse({ ...valid, machine: undefined }).success).toBe(false);
    expect(benchResultSchema.safeParse({ ...valid, scenario: 'Not Kebab' }).success).toBe(false);
  });
});
