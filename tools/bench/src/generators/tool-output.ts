import { join } from 'node:path';
import { tokenizerFor } from '@headroom/tokens';
import { filesUnder, readText } from '../corpus/corpus-directory';
import { serviceLog } from './log-lines';

const LINES_PER_STEP = 50;

export type ToolOutput = { text: string; tokens: number; source: string };

const linesByRoot = new Map<string, readonly string[]>();

// Read once per corpus: the memory scenario builds fifty bodies from them.
function corpusLogLines(corpusRoot: string | undefined): readonly string[] {
  if (!corpusRoot) {
    return [];
  }

  let lines = linesByRoot.get(corpusRoot);
  if (!lines) {
    lines = filesUnder(join(corpusRoot, 'logs'), (path) => path.endsWith('.log')).flatMap((path) =>
      readText(path).split('\n'),
    );
    linesByRoot.set(corpusRoot, lines);
  }

  return lines;
}

/**
 * A log as a tool would return it, cut at a line boundary once it reaches
 * `targetTokens` o200k tokens: the real corpus logs when there is a corpus,
 * generated service logs otherwise.
 */
export function logToolOutput(targetTokens: number, corpusRoot: string | undefined): ToolOutput {
  const corpusLines = corpusLogLines(corpusRoot);
  const source =
    corpusLines.length > 0 ? 'corpus logs (sorted, concatenated)' : 'generated service log';
  const lines = corpusLines.length > 0 ? corpusLines : serviceLog(targetTokens, 11).split('\n');
  const tokenizer = tokenizerFor('gpt-4o');
  const kept: string[] = [];
  let tokens = 0;

  for (let start = 0; start < lines.length && tokens < targetTokens; start += LINES_PER_STEP) {
    const step = lines.slice(start, start + LINES_PER_STEP);
    kept.push(...step);
    tokens += tokenizer.count(`${step.join('\n')}\n`);
  }

  const text = kept.join('\n');

  return { text, tokens: tokenizer.count(text), source };
}

/** About `bytes` of log lines (whole lines), from the corpus when there is one. */
export function logOfBytes(bytes: number, corpusRoot: string | undefined, offsetLines = 0): string {
  const corpusLines = corpusLogLines(corpusRoot);
  const lines =
    corpusLines.length > 0 ? corpusLines : serviceLog(Math.ceil(bytes / 60), 13).split('\n');
  const kept: string[] = [];
  let size = 0;

  for (let index = offsetLines; size < bytes; index += 1) {
    const line = lines[index % lines.length];
    kept.push(line);
    size += Buffer.byteLength(line, 'utf8') + 1;
  }

  return kept.join('\n');
}
