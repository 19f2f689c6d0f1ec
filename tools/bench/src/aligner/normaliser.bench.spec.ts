import type { RunContext } from '../report/run-context';
import type { SuiteOutput } from '../report/table-row';
import { runNormaliser } from './normaliser.bench';

const context: RunContext = {
  date: new Date(0).toISOString(),
  commit: 'test',
  dirty: false,
  quick: true,
  machine: {
    cores: 1,
    cpuModel: 'test',
    nodeVersion: 'v20',
    totalMemoryBytes: 1,
    platform: 'linux',
    arch: 'x64',
  },
};

describe(runNormaliser.name, () => {
  it('shows the normaliser letting new sessions reuse the stable system prompt', async () => {
    const outputs: SuiteOutput[] = [];

    await runNormaliser(context, (output) => outputs.push(output));
    const details = outputs[0].result?.details as {
      without: { reusedTokens: number };
      withNormaliser: { reusedTokens: number };
    };

    expect(details.withNormaliser.reusedTokens).toBeGreaterThan(details.without.reusedTokens * 10);
  });
});
