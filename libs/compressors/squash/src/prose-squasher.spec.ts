import { type CompressOutcome, ccrKey, parseMarkers } from '@headroom/contracts';
import { ProseSquasher } from './prose-squasher';

const squasher = new ProseSquasher({ minChars: 0 });

function run(text: string, query = ''): CompressOutcome {
  return squasher.compress({ text, kind: 'prose', query, lossless: false });
}

const FILLER = [
  'The quarterly report covers the usual metrics for the platform team.',
  'Most services stayed within their budgets during the period.',
  'The dashboards were migrated to the new hosting provider in May.',
  'Several teams asked for better documentation of the deploy process.',
  'The on-call rotation was extended to include two new engineers.',
  'Office hours continued every Thursday afternoon.',
  'The database cluster was upgraded without downtime.',
  'Storage costs grew slightly because of longer log retention.',
  'The billing service had one incident caused by an expired certificate.',
  'A postmortem was written and the renewal is now automated.',
];

describe(ProseSquasher.name, () => {
  it('never drops the final instruction and keeps quoted strings verbatim (BL-27)', () => {
    const last =
      'If the question is outside the provided files, reply exactly: "No information available."';
    const input = `${[...FILLER, ...FILLER.map((line) => line.replace('.', ' again.'))].join(' ')} ${last}`;
    const outcome = run(input);
    const text = outcome.status === 'compressed' ? outcome.text : '';

    expect(text.endsWith(last)).toBe(true);
    expect(parseMarkers(text)[0].key).toBe(ccrKey(input));
  });

  it('keeps the sentence that answers the question', () => {
    const input = FILLER.concat(FILLER.map((line) => `Also, ${line.toLowerCase()}`)).join(' ');
    const outcome = run(input, 'what caused the billing incident?');
    const text = outcome.status === 'compressed' ? outcome.text : '';

    // Either copy of the sentence may survive; the other is a near-duplicate.
    expect(text).toContain('billing service had one incident caused by an expired certificate.');
  });

  it('drops near-duplicate sentences first and says how many', () => {
    const input = [...FILLER, ...FILLER, ...FILLER].join(' ');
    const outcome = run(input);
    const note = outcome.status === 'compressed' ? parseMarkers(outcome.text)[0].note : '';

    expect(note).toMatch(/^\d+ of 30 sentences omitted \((\d+) near-duplicates\)/);
  });
});
