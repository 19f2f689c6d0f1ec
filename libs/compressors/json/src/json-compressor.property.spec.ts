import fc from 'fast-check';
import { type CompressOutcome, ccrKey, formatMarker, parseMarkers } from '@headroom/contracts';
import { expandTables } from './table-reader';
import { JsonCompressor } from './json-compressor';

const compressor = new JsonCompressor({ minChars: 0 });
// Marker notes and the table header are the only text a compressor may add.
const SLACK = 400;

const records = fc.array(
  fc.record({
    id: fc.integer(),
    name: fc.string(),
    status: fc.constantFrom('ok', 'ok', 'ok', 'error', 'pending'),
    score: fc.double({ noNaN: true, noDefaultInfinity: true }),
    tags: fc.array(fc.string(), { maxLength: 3 }),
  }),
  { minLength: 0, maxLength: 120 },
);
const documents = fc.oneof(
  fc.jsonValue(),
  records,
  fc.array(fc.integer(), { maxLength: 300 }),
  fc.array(fc.string({ maxLength: 80 }), { maxLength: 200 }),
);

function run(text: string, query = '', lossless = false): CompressOutcome {
  return compressor.compress({ text, kind: 'json', query, lossless });
}

describe(JsonCompressor.name, () => {
  it('never throws, is deterministic and outputs valid JSON no larger than the input', () => {
    fc.assert(
      fc.property(documents, fc.boolean(), fc.string(), (value, pretty, query) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined) ?? 'null';
        const first = run(text, query);

        expect(run(text, query)).toEqual(first);
        if (first.status === 'compressed') {
          expect(() => JSON.parse(first.text)).not.toThrow();
          expect(first.text.length).toBeLessThanOrEqual(text.length + SLACK);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('names in every marker the key of a returned original that is the exact input', () => {
    fc.assert(
      fc.property(
        fc.oneof(documents, fc.record({ meta: fc.jsonValue(), items: documents })),
        fc.boolean(),
        (value, pretty) => {
          const text = JSON.stringify(value, null, pretty ? 2 : undefined);
          const outcome = run(text);
          if (outcome.status !== 'compressed') {
            return;
          }
          const keys = new Set(outcome.originals.map((original) => original.key));
          for (const marker of parseMarkers(outcome.text)) {
            expect(keys.has(marker.key)).toBe(true);
          }
          for (const original of outcome.originals) {
            expect(original.key).toBe(ccrKey(original.content));
            // The exact source text of the array or string the marker stands for.
            expect(text.includes(original.content)).toBe(true);
            expect(() => JSON.parse(original.content)).not.toThrow();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips the data in lossless mode, with no markers and no originals', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), records), (value) => {
        const text = JSON.stringify(value, null, 2) ?? 'null';
        const outcome = run(text, '', true);
        if (outcome.status === 'compressed') {
          expect(parseMarkers(outcome.text)).toEqual([]);
          expect(outcome.originals).toEqual([]);
          expect(expandTables(JSON.parse(outcome.text))).toEqual(JSON.parse(text));
        }
      }),
    );
  });

  it('leaves already-compressed content alone', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const marker = formatMarker(ccrKey('x'), 'earlier');
        const text = JSON.stringify({ value, note: marker });

        expect(run(text)).toMatchObject({ status: 'skipped', reason: 'already-compressed' });
      }),
    );
  });
});
