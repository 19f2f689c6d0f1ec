import { applyPatches, locateValues } from './json-spans';

describe('locateValues', () => {
  const text =
    '{ "model":"m",\n  "messages": [ {"content":"a\\"b", "role":"user"},\n' +
    '    {"role":"tool","content":[{"type":"text","text":"caf\\u00e9"}], "n": 1.0 } ],\n' +
    '  "tools" : [] }';

  it('finds string, number and container values by path', () => {
    const spans = locateValues(text, [
      ['messages', 0, 'content'],
      ['messages', 1, 'content', 0, 'text'],
      ['messages', 1, 'n'],
      ['tools'],
      ['messages'],
    ]);
    const slice = (path: unknown[]) => {
      const span = spans.get(JSON.stringify(path));
      return span ? text.slice(span.start, span.end) : undefined;
    };

    expect(slice(['messages', 0, 'content'])).toBe('"a\\"b"');
    expect(slice(['messages', 1, 'content', 0, 'text'])).toBe('"caf\\u00e9"');
    expect(slice(['messages', 1, 'n'])).toBe('1.0');
    expect(slice(['tools'])).toBe('[]');
    expect(JSON.parse(slice(['messages']) ?? 'null')).toHaveLength(2);
  });

  it('decodes escaped keys before matching', () => {
    const spans = locateValues('{"\\u0061":"x"}', [['a']]);

    expect(spans.get('["a"]')).toEqual({ start: 10, end: 13 });
  });

  it('survives deep nesting without recursion', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);

    expect(locateValues(deep, [[0, 0]]).size).toBe(1);
  });
});

describe('applyPatches', () => {
  it('replaces only the patched ranges', () => {
    const text = '{"a": "xx",  "b":"yy"}';
    const spans = locateValues(text, [['b']]);
    const span = spans.get('["b"]');
    if (!span) throw new Error('span missing');

    expect(applyPatches(text, [{ ...span, replacement: '"z"' }])).toBe('{"a": "xx",  "b":"z"}');
  });
});
