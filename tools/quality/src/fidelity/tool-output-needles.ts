import { type ContentKind, markerPattern } from '@headroom/contracts';
import { numberPrefix, parseNumberedRead } from '@headroom/router';
import type { Fidelity } from '../quality.types';
import { PERFECT, failed, scoreNeedles } from './needle-score';

const FAILING_TEST =
  /^\s*\d+\) test |^\s*(?:FAIL|FAILED|✗|×|●)\s+\S|^(?:\w+\.)*\w*(?:Error|Exception): |^\*\* \(\w|\berror(?:\[E\d+\])?: |^\s*(?:ERROR|FAILED) \S+::/;
const SEVERE = /\b(?:ERROR|FATAL|CRITICAL|error|fatal)\b|\[(?:error|warning)\]|\bWARN(?:ING)?\b/;
const GREP_PREFIX = /^((?:[A-Za-z]:)?[^\s:]*[./][^\s:]*):(?:\d+:)?/;
const BARE_MATCH = /^\d+:/;

/**
 * What a tool output must keep, by kind, judged independently of the
 * compressors' own rules: failing tests and errors of test runs, a matched
 * line of every file in search results, every file name of a listing, every
 * changed line of a diff, the final sentence of prose.
 */
export function toolOutputFidelity(input: string, output: string, kind: ContentKind): Fidelity {
  if (output === input) {
    return PERFECT;
  }
  const inputLines = input.split('\n');
  const outputLines = output.split('\n');
  const kept = new Set(outputLines);
  switch (kind) {
    case 'build':
      return scoreNeedles(
        inputLines.filter((line) => FAILING_TEST.test(line)),
        (line) => kept.has(line),
      );
    case 'log':
      return scoreNeedles(inputLines.filter((line) => SEVERE.test(line)).map(mask), (needle) =>
        outputLines.some((line) => mask(line) === needle),
      );
    case 'search':
      return searchFidelity(inputLines, outputLines);
    case 'listing':
      return scoreNeedles(
        inputLines.map(baseName).filter((name) => name !== ''),
        (name) => output.includes(name),
      );
    case 'diff':
      return scoreNeedles(
        inputLines.filter(
          (line) => /^[+-](?![+-]{2} )/.test(line) || line.startsWith('diff --git'),
        ),
        (line) => kept.has(line) || /lockfile or generated/.test(output),
      );
    case 'numbered':
      return numberedFidelity(input, output);
    default:
      return scoreNeedles([lastSentence(input)], (sentence) => output.includes(sentence));
  }
}

// A numbered read may drop lines, never show a number beside another line's
// text; its last line (where a partial read stops) stays.
function numberedFidelity(input: string, output: string): Fidelity {
  const read = parseNumberedRead(input);
  if (!read) {
    return failed('numbered kind without a numbered read');
  }
  const printed = new Map(read.body.map((line) => [line.prefix, line.prefix + line.content]));
  const numbered = /^ *\d+(?:→|\t)/;
  const wrong = output.split('\n').find((line) => {
    const prefix = numbered.exec(line)?.[0];
    return prefix !== undefined && printed.has(prefix) && printed.get(prefix) !== line;
  });
  if (wrong !== undefined) {
    return failed(`line shown with another line's number: ${wrong.slice(0, 80)}`);
  }
  const last = numberPrefix(read.format, read.lastLine);

  return scoreNeedles([printed.get(last) ?? last], (line) => output.split('\n').includes(line));
}

// BL-24/BL-26: a compressed search result may drop lines, never invent or merge them.
function searchFidelity(inputLines: readonly string[], outputLines: readonly string[]): Fidelity {
  const known = new Set(inputLines);
  const invented = outputLines.filter(
    (line) => !known.has(line) && line !== '--' && !isMarkerLine(line),
  );
  if (invented.length > 0) {
    return failed(`invented line: ${invented[0].slice(0, 80)}`);
  }
  const files = new Map<string, string[]>();
  for (const line of inputLines) {
    const file = GREP_PREFIX.exec(line)?.[1];
    if (file) {
      files.set(file, [...(files.get(file) ?? []), line]);
    }
  }
  const kept = new Set(outputLines);
  const marked = outputLines.filter(isMarkerLine).join('\n');
  if (files.size === 0) {
    const matches = inputLines.filter((line) => BARE_MATCH.test(line));
    return scoreNeedles(
      matches.length > 0 ? [matches[0], matches[matches.length - 1]] : [],
      (line) => kept.has(line),
    );
  }

  return scoreNeedles(
    [...files.keys()],
    (file) =>
      (files.get(file) ?? []).some((line) => kept.has(line)) || /more files with/.test(marked),
  );
}

function isMarkerLine(line: string): boolean {
  return line.replace(markerPattern(), '').trim() === '';
}

function mask(line: string): string {
  return line.trim().replace(/\d+/g, '0');
}

function baseName(line: string): string {
  const path = line.includes('\t')
    ? line.slice(line.lastIndexOf('\t') + 1)
    : (line.trim().split(/\s+/).pop() ?? '');
  const name = path.replace(/\/$/, '').split('/').pop() ?? '';

  return /^(?:total|\d+|->)$/.test(name) ? '' : name;
}

function lastSentence(text: string): string {
  const lines = text.trimEnd().split('\n');
  const last = lines[lines.length - 1].trim();
  const sentences = last.split(/(?<=[.!?])\s+/);

  return sentences[sentences.length - 1];
}
