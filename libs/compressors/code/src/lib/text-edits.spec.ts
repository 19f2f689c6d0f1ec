import { applyEdits, indentationAt, restOfLineIsBlank, startsItsLine } from './text-edits';

describe(applyEdits.name, () => {
  it('applies edits in any order, by UTF-16 index', () => {
    const text = 'a 😀 b { body } c';

    expect(
      applyEdits(text, [
        { start: text.indexOf('{'), end: text.indexOf('}') + 1, replacement: '{}' },
        { start: 0, end: 1, replacement: 'A' },
      ]),
    ).toBe('A 😀 b {} c');
  });

  it('refuses overlapping edits', () => {
    expect(() =>
      applyEdits('abcdef', [
        { start: 0, end: 3, replacement: '' },
        { start: 2, end: 4, replacement: '' },
      ]),
    ).toThrow(RangeError);
  });
});

describe('line helpers', () => {
  const text = 'line\n    def f():  \n\tbody # note\n';

  it.each([
    [text.indexOf('def'), '    ', true],
    [text.indexOf('f()'), '    ', false],
    [text.indexOf('body'), '\t', true],
  ])('reads the line around %i', (index, indent, starts) => {
    expect(indentationAt(text, index)).toBe(indent);
    expect(startsItsLine(text, index)).toBe(starts);
  });

  it('sees a blank rest of line', () => {
    expect(restOfLineIsBlank(text, text.indexOf(':') + 1)).toBe(true);
    expect(restOfLineIsBlank(text, text.indexOf('body') + 4)).toBe(false);
  });
});
