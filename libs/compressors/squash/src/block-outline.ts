import { queryWords, words } from './relevance';

export type BlockOutline = { text: string; elided: number; definitions: number };

// Definitions whose bodies may go: functions, tests, callbacks. Elixir,
// Ruby, Python, Lua, Kotlin, Swift and test DSLs share these keywords.
const DEFINITION =
  /^\s*(?:(?:pub|export|async|static|private|public|protected|override|suspend)\s+)*(?:def|defp|defmacro|defmacrop|defn|defnp|defdelegate|fn|fun|func|function|sub|proc|method|test|it|setup|setup_all|property)\b[ (:'"]?/;
// Lines that close the block they end, kept with the definition's outline.
const CLOSER = /^\s*(?:end\b|[}\])]+[;,)]*\s*$)/;
const MIN_BODY_LINES = 4;

/**
 * An outline of block-structured code no grammar here parses (Elixir, Lua,
 * Kotlin...): every line stays except the bodies of long definitions, which
 * are found by indentation alone. A body is the run of lines indented deeper
 * than its `def`/`test`/`function` line; its closing `end` or `}` stays, and
 * so does every body whose name the question mentions. Returns `undefined` when nothing is
 * worth eliding or the indentation does not look like code.
 */
export function outlineBlocks(
  text: string,
  query: string,
  marker: (note: string) => string,
): BlockOutline | undefined {
  const lines = text.split('\n');
  const terms = new Set(queryWords(query));
  const output: string[] = [];
  let elided = 0;
  let definitions = 0;

  for (let index = 0; index < lines.length; index += 1) {
    output.push(lines[index]);
    if (!DEFINITION.test(lines[index])) continue;
    definitions += 1;
    const end = bodyEnd(lines, index);
    const body = lines.slice(index + 1, end);
    // A body the text ends inside is not known to be whole: a read of part of
    // a file ends where the reader wanted, so that part stays.
    const closed = hasContentFrom(lines, end);
    if (!closed || countContent(body) < MIN_BODY_LINES || namedByQuery(lines[index], terms)) {
      continue;
    }

    const indent = indentation(lines[index + 1] ?? '');
    output.push(indent + marker(`body of ${definitionName(lines[index])} elided`));
    elided += 1;
    index = end - 1;
  }

  return elided > 0 ? { text: output.join('\n'), elided, definitions } : undefined;
}

/** Past the last line indented deeper than the definition (trailing blank lines excluded). */
function bodyEnd(lines: readonly string[], head: number): number {
  const depth = indentation(lines[head]).length;
  let end = head + 1;
  for (let index = head + 1; index < lines.length; index += 1) {
    const line = lines[index];
    if (line.trim() === '') continue;
    if (indentation(line).length <= depth) break;
    end = index + 1;
  }

  return end;
}

function hasContentFrom(lines: readonly string[], start: number): boolean {
  for (let index = start; index < lines.length; index += 1) {
    if (lines[index].trim() !== '') return true;
  }

  return false;
}

function countContent(lines: readonly string[]): number {
  return lines.filter((line) => line.trim() !== '' && !CLOSER.test(line)).length;
}

// Only the name counts: an agent's question is often a whole task, whose
// words turn up in most bodies.
function namedByQuery(head: string, terms: ReadonlySet<string>): boolean {
  return words(definitionName(head)).some((word) => terms.has(word));
}

function definitionName(head: string): string {
  const rest = head.replace(DEFINITION, '').trim();
  const quoted = /^["']([^"']{1,60})/.exec(rest);

  return quoted ? quoted[1] : (/^[\w?!.]+/.exec(rest)?.[0] ?? 'definition');
}

function indentation(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}
