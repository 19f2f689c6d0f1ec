import { ccrKey, containsMarker, formatMarker, isCcrKey, parseMarkers } from './marker';

describe('marker grammar', () => {
  const key = ccrKey('[{"id":1}]');

  it('derives a 96-bit hex key from the content alone', () => {
    expect(key).toMatch(/^[0-9a-f]{24}$/);
    expect(ccrKey('[{"id":1}]')).toBe(key);
    expect(ccrKey('[{"id":2}]')).not.toBe(key);
  });

  it('round-trips a marker through the parser', () => {
    const marker = formatMarker(key, '290 of 300 items omitted');
    const text = `before ${marker} after`;

    expect(parseMarkers(text)).toEqual([
      { key, note: '290 of 300 items omitted', index: 7, length: marker.length },
    ]);
  });

  it('cleans notes so the marker stays one line and closes once', () => {
    const marker = formatMarker(key, 'a]]b\nc');

    expect(marker).toBe(`[[headroom:${key} a b c]]`);
    expect(parseMarkers(marker)).toHaveLength(1);
  });

  it('survives JSON string encoding unchanged', () => {
    const marker = formatMarker(key, 'rows dropped');

    expect(JSON.stringify(marker)).toBe(`"${marker}"`);
  });

  it('rejects keys of the wrong shape', () => {
    expect(isCcrKey('abc')).toBe(false);
    expect(isCcrKey(key.toUpperCase())).toBe(false);
    expect(() => formatMarker('not-a-key')).toThrow(TypeError);
    expect(containsMarker('[[headroom:1234]]')).toBe(false);
  });
});
