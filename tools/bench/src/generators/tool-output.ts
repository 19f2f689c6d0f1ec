import { join } from 'node:path';
import { tokenizerFor } from '@headroom/tokens';
import { filesUnder, readText } from '../corpus/corpus-directory';
import { serviceLog } from './log-lines';

const LINES_PER_STEP = 50;

export type ToolOutput = { text: string; tokens: number; source: string };

/**
 * A log as a tool would return it, cut at a line boundary once it reaches
 * `targetTokens` o200k tokens: the real corpus logs when there is a corpus,
 * generated service logs otherwise.
 */
export function logToolOutput(targetTokens: number, corpusRoot: string | undefined): ToolOutput {
  const corpusLines = corpusRoot
    ? filesUnder(join(corpusRoot, 'logs'), (path) => path.endsWith('.log')).flatMap((path) =>
        readText(path).split('\n'),
      )
    : [];
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
