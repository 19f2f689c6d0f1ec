import { detectContent } from './content-detector';
import { numberPrefix, parseNumberedRead, renderNumberedRead } from './numbered-read';

const claudeRead = [
  '    88→  # Private helpers',
  '    89→',
  '    90→  defp get_current_trace_id do',
  '    91→    try do',
  '    92→      case Tracer.current_span_ctx() do',
].join('\n');

const catN = ['     1\timport os', '     2\t', '     3\tdef main():', '     4\t    pass', ''].join(
  '\n',
);

describe('parseNumberedRead', () => {
  it.each([
    ['a Claude Code read from an offset', claudeRead, '→', 88, 92],
    ['cat -n output ending in a newline', catN, '\t', 1, 4],
  ])('reads %s', (_name, text, separator, firstLine, lastLine) => {
    const read = parseNumberedRead(text);

    expect(read).toMatchObject({ format: { separator, width: 6 }, firstLine, lastLine });
    expect(read && renderNumberedRead(read)).toBe(text);
  });

  it('keeps the unnumbered blank lines nl prints, without a number', () => {
    const text = ['     1\ta', '       ', '     2\tb', '     3\tc'].join('\n');
    const read = parseNumberedRead(text);

    expect(read?.body.map((line) => line.number)).toEqual([1, undefined, 2, 3]);
    expect(read && renderNumberedRead(read)).toBe(text);
  });

  it('keeps a short head and tail around the numbered lines', () => {
    const text = [
      'The file /repo/lib/a.ex has been updated. Here is the result of running `cat -n`:',
      '    10→  def a do',
      '    11→    :ok',
      '    12→  end',
      '',
    ].join('\n');
    const read = parseNumberedRead(text);

    expect(read?.head).toHaveLength(1);
    expect(read?.tail).toEqual(['']);
    expect(read && renderNumberedRead(read)).toBe(text);
  });

  it.each([
    ['grep -n results', 'src/a.ts:12:const a = 1\nsrc/a.ts:13:const b = 2\nsrc/b.ts:4:x'],
    ['a bare grep -n of one file', '12:const a = 1\n13:const b = 2\n14:const c = 3'],
    ['numbers that skip', '     1\ta\n     2\tb\n     7\tc\n     8\td'],
    ['numbers in two formats', '     1\ta\n     2→b\n     3\tc\n     4\td'],
    ['tab-separated rows with an id column', '1\talice\t3\n2\tbob\t4\n3\tcarol\t5\n4\tdan\t6'],
    ['a log with numbered events', '   101\tstart\n   205\tstop\n   309\tstart\n   410\tstop'],
    ['a diff', 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b'],
    ['JSON', '[\n  1,\n  2,\n  3\n]'],
    ['two lines', '     1\ta\n     2\tb'],
    ['a numbered block inside prose', ['intro', 'more', 'text', '     1\ta', 'outro'].join('\n')],
  ])('leaves %s alone', (_name, text) => {
    expect(parseNumberedRead(text)).toBeUndefined();
  });
});

describe('numberPrefix', () => {
  it('right-aligns the number and widens past the column', () => {
    const format = { separator: '→', width: 6 } as const;

    expect(numberPrefix(format, 42)).toBe('    42→');
    expect(numberPrefix(format, 1234567)).toBe('1234567→');
  });
});

describe('detectContent on numbered reads', () => {
  const elixir = Array.from({ length: 40 }, (_, index) => {
    const line = index % 5 === 0 ? `  def step_${index}(x) do` : '    x |> Enum.map(& &1)';
    return numberPrefix({ separator: '→', width: 6 }, index + 1) + line;
  }).join('\n');

  it('records the format and the first number', () => {
    expect(detectContent(claudeRead.repeat(1))).toMatchObject({
      kind: 'numbered',
      numbering: { format: { separator: '→', width: 6 }, firstLine: 88, lastLine: 92 },
    });
    expect(detectContent(elixir).reason).toMatch(/^numbered-read:/);
  });

  it('judges numbered lines that are not one clean read by their content', () => {
    const skipping = ['     1\tdef a():', '     2\t    pass', '     9\tdef b():', '    10\t    x'];

    expect(detectContent(skipping.join('\n')).kind).not.toBe('numbered');
  });

  it('still calls grep -n output search results', () => {
    const grep = Array.from({ length: 12 }, (_, index) => `lib/a.ex:${index + 3}:  def f${index}`);

    expect(detectContent(grep.join('\n')).kind).toBe('search');
  });
});
