import { readFileSync, readdirSync } from 'node:fs';
import {
  type CompressInput,
  type CompressOutcome,
  ccrKey,
  parseMarkers,
} from '@headroom/contracts';
import { countTokens as countO200k } from 'gpt-tokenizer/cjs/encoding/o200k_base';
import { corpusPath } from '../test/corpus';
import { LogSquasher } from './log-squasher';

const squasher = new LogSquasher();
const countTokens = (text: string): number =>
  countO200k(text, { disallowedSpecial: new Set<string>() });

function run(text: string, overrides: Partial<CompressInput> = {}): CompressOutcome {
  return squasher.compress({ text, kind: 'log', query: '', lossless: false, ...overrides });
}

function logLines(count: number): string {
  return Array.from({ length: count }, (_, index) =>
    index === Math.floor(count / 2)
      ? '2026-01-05T10:00:30 ERROR db-pool exhausted (max=20)'
      : `2026-01-05T10:00:${String(index % 60).padStart(2, '0')} INFO worker-${index % 4} heartbeat ok`,
  ).join('\n');
}

const DATASETS = readdirSync(corpusPath('logs'))
  .filter((name) => !name.endsWith('.txt'))
  .sort();

describe(LogSquasher.name, () => {
  it('keeps the one error line among heartbeats and counts the repeats exactly', () => {
    const input = logLines(300);
    const outcome = run(input);
    if (outcome.status !== 'compressed') {
      throw new Error(outcome.reason);
    }

    expect(outcome.text).toContain('ERROR db-pool exhausted (max=20)');
    expect(outcome.text).toMatch(/^299× \(\d+ shown\) INFO <\*> heartbeat ok$/m);
    expect(parseMarkers(outcome.text).map((marker) => marker.key)).toEqual([ccrKey(input)]);
    expect(outcome.originals).toEqual([
      expect.objectContaining({ key: ccrKey(input), content: input }),
    ]);
  });

  it('keeps every one of a few ERROR lines in a large CI log (BL-28)', () => {
    const lines = logLines(600).split('\n');
    const errors = [100, 300, 500].map(
      (second) => `2026-01-05T10:05:00 ERROR step ${second} failed: exit status 1`,
    );
    lines.splice(100, 0, errors[0]);
    lines.splice(300, 0, errors[1]);
    lines.splice(500, 0, errors[2]);
    const outcome = run(lines.join('\n'));
    const text = outcome.status === 'compressed' ? outcome.text : '';

    expect(errors.filter((line) => !text.includes(line))).toEqual([]);
  });

  it('keeps a stack trace under a kept error verbatim', () => {
    const trace = [
      'java.lang.IllegalStateException: pool closed',
      '\tat com.acme.Pool.get(Pool.java:42)',
      '\tat com.acme.Main.run(Main.java:7)',
    ];
    const lines = logLines(200).split('\n');
    lines.splice(120, 0, '2026-01-05T10:00:40 ERROR request failed', ...trace);
    const outcome = run(lines.join('\n'));

    expect(outcome.status === 'compressed' && outcome.text).toContain(
      ['2026-01-05T10:00:40 ERROR request failed', ...trace].join('\n'),
    );
  });

  it('skips lossless requests, small logs and marked logs', () => {
    expect(run(logLines(300), { lossless: true })).toMatchObject({ reason: 'lossless-only' });
    expect(run(logLines(5))).toMatchObject({ reason: 'too-small' });
    const once = run(logLines(300));
    expect(once.status === 'compressed' && run(once.text)).toMatchObject({
      reason: 'already-compressed',
    });
  });

  describe.each(DATASETS)('on loghub %s', (name) => {
    it('reduces tokens by at least 85%', () => {
      const input = readFileSync(corpusPath('logs', name, `${name}_2k.log`), 'utf8');
      const outcome = run(input);
      const output = outcome.status === 'compressed' ? outcome.text : input;

      expect(1 - countTokens(output) / countTokens(input)).toBeGreaterThanOrEqual(0.85);
    });
  });
});
