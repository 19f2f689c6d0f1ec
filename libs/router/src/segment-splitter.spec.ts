import fc from 'fast-check';
import { joinSegments, splitSegments } from './segment-splitter';

const MIXED = [
  'Here is what the tool returned when I ran it against staging:',
  '',
  '```python',
  'def handler(event):',
  '    if event is None:',
  '        return None',
  '    return event["body"]',
  '```',
  '',
  'And the config it loaded:',
  '{"retries": 3, "timeout_ms": 2500, "hosts": ["a.internal", "b.internal"]}',
  'Please explain why the handler returns None.',
  '',
].join('\n');

describe(splitSegments.name, () => {
  it('splits prose with fenced code and embedded JSON into routed pieces', () => {
    const segments = splitSegments(MIXED);
    const routed = segments.filter((part) => !part.verbatim).map((part) => part.detection.kind);

    expect(routed).toEqual(['prose', 'code', 'prose', 'json', 'prose']);
    expect(segments.find((part) => part.detection.kind === 'code')?.detection.language).toBe(
      'python',
    );
  });

  it('keeps fence lines verbatim so they are never compressed', () => {
    const fences = splitSegments(MIXED).filter((part) => part.verbatim);

    expect(fences.map((part) => part.text.trim())).toEqual(['```python', '```']);
  });

  it('returns one segment for a block that is JSON as a whole', () => {
    const text = '[{"a":1},{"a":2}]';

    expect(splitSegments(text)).toHaveLength(1);
  });

  it('re-joins to the exact input bytes for any text', () => {
    const pieces = fc.constantFrom(
      '```',
      '```ts\n',
      '{"a": [1, "x\\"y"]}\n',
      '[1,2]',
      '\n',
      'word ',
      '~~~\n',
      '\r\n',
      '"',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const segments = splitSegments(text);

        expect(joinSegments(segments)).toBe(text);
        expect(
          segments.every((part, index) => index === 0 || part.start === segments[index - 1].end),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('replaces chosen segments and leaves the rest byte-identical', () => {
    const segments = splitSegments(MIXED);
    const jsonIndex = segments.findIndex((part) => part.detection.kind === 'json');
    const joined = joinSegments(segments, new Map([[jsonIndex, '{}\n']]));

    expect(joined).toBe(MIXED.replace(segments[jsonIndex].text, '{}\n'));
  });
});
