import { readFileSync } from 'node:fs';
import {
  type CompressInput,
  type CompressOutcome,
  ccrKey,
  parseMarkers,
} from '@headroom/contracts';
import { corpusPath } from '../test/corpus';
import { SearchSquasher } from './search-squasher';

const squasher = new SearchSquasher();

function run(text: string, overrides: Partial<CompressInput> = {}): CompressOutcome {
  return squasher.compress({ text, kind: 'search', query: '', lossless: false, ...overrides });
}

function outputOf(outcome: CompressOutcome): string {
  if (outcome.status !== 'compressed') {
    throw new Error(`expected compression, got ${outcome.reason}`);
  }

  return outcome.text;
}

function nonMarkerLines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && parseMarkers(line).length === 0);
}

describe(SearchSquasher.name, () => {
  it('never invents or renumbers a line and keeps the odd match out (BL-24)', () => {
    const lines = Array.from(
      { length: 60 },
      (_, index) =>
        `src/mod_${String(index).padStart(2, '0')}.ts:${10 + index}:  const retryCount = ${index};`,
    );
    lines.splice(33, 0, 'src/net/client.ts:88:    retryCount += 1;');
    const input = `${lines.join('\n')}\n`;
    const output = outputOf(run(input, { query: 'where is retryCount incremented?' }));

    expect(nonMarkerLines(output).every((line) => lines.includes(line) || line === '--')).toBe(
      true,
    );
    expect(output).toContain('src/net/client.ts:88:    retryCount += 1;');
    expect(parseMarkers(output).every((marker) => marker.key === ccrKey(input))).toBe(true);
  });

  it('keeps each line number paired with its own content (BL-26)', () => {
    const lines = Array.from(
      { length: 80 },
      (_, index) => `${476 + index * 21}:  settings({contact_precedence: ${index}})`,
    );
    const input = lines.join('\n');
    const output = outputOf(run(input));
    const kept = nonMarkerLines(output);

    expect(kept.every((line) => lines.includes(line))).toBe(true);
    expect(parseMarkers(output)[0].note).toMatch(/^\d+ of 80 lines of the output omitted$/);
  });

  it('never merges lines of different files and counts dropped lines per file', () => {
    const files = ['a/one.ts', 'b/two.ts', 'c/three.ts'];
    const input = files
      .flatMap((file) =>
        Array.from({ length: 20 }, (_, index) => `${file}:${index + 1}:match ${file} ${index}`),
      )
      .join('\n');
    const output = outputOf(run(input));

    for (const file of files) {
      expect(output).toContain(`${file}:1:`);
      expect(output).toContain(`15 of 20 lines of ${file} omitted`);
    }
  });

  it('groups ripgrep --heading output under each file heading', () => {
    const block = (file: string): string[] => [
      file,
      ...Array.from(
        { length: 20 },
        (_, index) => `${index + 1}:hit number ${index} of the pattern in ${file}`,
      ),
      '',
    ];
    const input = [...block('src/alpha.ts'), ...block('src/beta.ts')].join('\n');
    const output = outputOf(run(input));

    expect(output).toContain('src/alpha.ts\n1:hit number 0 of the pattern in src/alpha.ts');
    expect(output).toContain('src/beta.ts\n1:hit number 0 of the pattern in src/beta.ts');
    expect(output).toContain('15 of 20 lines of src/alpha.ts omitted');
    expect(output).toContain('15 of 20 lines of src/beta.ts omitted');
  });

  it('ranks files by relevance to the question when there are too many', () => {
    const input = Array.from({ length: 30 }, (_, file) =>
      Array.from(
        { length: 3 },
        (_, line) =>
          `pkg/file${file}.go:${line + 1}:  handler${file === 27 ? ' websocket upgrade' : ''} ok`,
      ).join('\n'),
    ).join('\n');
    const output = outputOf(run(input, { query: 'where is the websocket upgrade handled' }));

    expect(output).toContain('pkg/file27.go:1:');
    expect(output).toMatch(/\d+ more files with \d+ lines omitted/);
  });

  it.each([
    'misc/agent-tool-output/grep__grep_tool_transcript_css.txt',
    'misc/agent-tool-output/grep__grep_tool_transcript_row.txt',
  ])('keeps context lines only next to kept matches in %s', (file) => {
    const input = readFileSync(corpusPath(file), 'utf8');
    const inputLines = new Set(input.split('\n'));
    const output = outputOf(run(input));

    expect(nonMarkerLines(output).every((line) => inputLines.has(line))).toBe(true);
  });

  it('keeps grep -A groups whole', () => {
    const input = readFileSync(
      corpusPath('misc/agent-tool-output/grep__bash_grep_A10_rescue.txt'),
      'utf8',
    );
    const outcome = new SearchSquasher({ maxBlocks: 3 }).compress({
      text: input,
      kind: 'search',
      query: '',
      lossless: false,
    });
    const groups = input.split('\n--\n');
    const output = outputOf(outcome);

    expect(
      output
        .split('\n--\n')
        .slice(0, -1)
        .every((group) => groups.includes(group)),
    ).toBe(true);
  });
});
