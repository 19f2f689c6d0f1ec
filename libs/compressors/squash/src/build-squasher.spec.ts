import { readFileSync } from 'node:fs';
import { type CompressOutcome, parseMarkers } from '@headroom/contracts';
import { corpusPath } from '../test/corpus';
import { BuildSquasher } from './build-squasher';

const squasher = new BuildSquasher();

function run(text: string): CompressOutcome {
  return squasher.compress({ text, kind: 'build', query: '', lossless: false });
}

const FAILING_RUNS = [
  'misc/agent-tool-output/test__mix_test_failure_project_review.txt',
  'misc/agent-tool-output/test__mix_test_full_suite_failure.txt',
  'misc/agent-tool-output/test__mix_test_session_live_failure.txt',
];

describe(BuildSquasher.name, () => {
  it.each(FAILING_RUNS)('keeps every failing test header and the summary of %s', (file) => {
    const input = readFileSync(corpusPath(file), 'utf8');
    const outcome = run(input);
    const output = outcome.status === 'compressed' ? outcome.text : input;
    const kept = new Set(output.split('\n'));
    const failures = input
      .split('\n')
      .filter((line) => /^\s*\d+\) test |\d+ tests?, \d+ failures?/.test(line));

    expect(failures.length).toBeGreaterThan(0);
    expect(failures.filter((line) => !kept.has(line))).toEqual([]);
  });

  it('forwards a short Python traceback verbatim (BL-28)', () => {
    const frames = Array.from(
      { length: 60 },
      (_, index) =>
        `  File "/srv/app/module_${index}.py", line ${index + 10}, in handler_${index}\n    result = step_${index}(payload)`,
    );
    const input = ['Traceback (most recent call last):', ...frames, "KeyError: 'tenant_id'"].join(
      '\n',
    );

    expect(input.length).toBeGreaterThan(4000);
    expect(run(input)).toEqual({ status: 'skipped', reason: 'error-output' });
  });

  it('counts passing tests exactly and keeps the failure with its stack', () => {
    const passes = Array.from({ length: 120 }, (_, index) => `  ✓ suite case ${index} (3 ms)`);
    const failure = [
      '  ✗ suite breaks on empty input',
      '    AssertionError: expected 1 to equal 2',
      '      at Object.<anonymous> (src/a.spec.ts:10:5)',
    ];
    const input = [
      ...passes.slice(0, 60),
      ...failure,
      ...passes.slice(60),
      'Tests: 1 failed, 120 passed, 121 total',
    ].join('\n');
    const outcome = run(input);
    const text = outcome.status === 'compressed' ? outcome.text : '';

    expect(text).toContain(failure.join('\n'));
    expect(text).toContain('Tests: 1 failed, 120 passed, 121 total');
    const note = parseMarkers(text)[0].note;
    const [, dropped, passing] =
      /^(\d+) of 124 lines omitted, (\d+) of them passing-test lines/.exec(note) ?? [];
    const keptPasses = text.split('\n').filter((line) => line.includes('✓ suite case')).length;
    expect(Number(passing)).toBe(120 - keptPasses);
    expect(Number(dropped)).toBe(124 - (text.split('\n').length - 1));
  });
});
