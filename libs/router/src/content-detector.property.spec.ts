import fc from 'fast-check';
import { CONTENT_KINDS } from '@headroom/contracts';
import { detectContent } from './content-detector';

describe(detectContent.name, () => {
  it('never throws and always names a known kind with a confidence in 0..1', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.json()), (text) => {
        const detection = detectContent(text);

        expect(CONTENT_KINDS).toContain(detection.kind);
        expect(detection.confidence).toBeGreaterThanOrEqual(0);
        expect(detection.confidence).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        expect(detectContent(text)).toEqual(detectContent(text));
      }),
    );
  });

  it('routes any JSON document to json', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue())),
        (value) => {
          expect(detectContent(JSON.stringify(value, null, 2)).kind).toBe('json');
        },
      ),
    );
  });
});
