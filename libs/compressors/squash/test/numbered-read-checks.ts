import {
  type CompressInput,
  type CompressOutcome,
  type Compressor,
  ccrKey,
  parseMarkers,
  skipped,
} from '@headroom/contracts';
import { parseNumberedRead } from '@headroom/router';

/** Routes content by kind to the first of `compressors` that serves it, as a registry does. */
export function routeTo(compressors: readonly Compressor[]) {
  return async (input: CompressInput): Promise<CompressOutcome> => {
    const compressor = compressors.find((candidate) => candidate.kinds.includes(input.kind));

    return compressor ? compressor.compress(input) : skipped('unsupported', input.kind);
  };
}

/**
 * What must hold between a numbered read and its compressed form; an empty
 * list when everything does. Every number shown labels the line it labelled
 * in the input, every line is either shown or named by exactly one marker's
 * range, and every marker names the whole read, which is the one original.
 */
export function numberedReadProblems(input: string, outcome: CompressOutcome): string[] {
  if (outcome.status !== 'compressed') {
    return [];
  }
  const read = parseNumberedRead(input);
  if (!read) {
    return ['input is not a numbered read'];
  }
  const problems: string[] = [];
  const printed = new Map(read.body.map((line) => [line.number, line.prefix + line.content]));
  const covered = new Map<number, string>();
  const cover = (number: number, by: string) => {
    if (covered.has(number)) problems.push(`line ${number} both ${covered.get(number)} and ${by}`);
    covered.set(number, by);
  };

  for (const line of outcome.text.split('\n')) {
    const number = /^ *(\d+)(?:→|\t)/.exec(line)?.[1];
    if (number !== undefined && printed.has(Number(number))) {
      if (printed.get(Number(number)) !== line) problems.push(`line ${number} mislabelled`);
      else cover(Number(number), 'shown');
    }
    for (const marker of parseMarkers(line)) {
      if (marker.key !== ccrKey(input)) problems.push(`marker ${marker.key} is not the read's`);
      const range = /^lines? (\d+)(?:-(\d+))? omitted$/.exec(marker.note);
      if (!range) continue;
      for (let at = Number(range[1]); at <= Number(range[2] ?? range[1]); at += 1) {
        cover(at, 'elided');
      }
    }
  }
  for (let number = read.firstLine; number <= read.lastLine; number += 1) {
    if (!covered.has(number)) problems.push(`line ${number} neither shown nor elided`);
  }
  const [original, ...others] = outcome.originals;
  if (others.length > 0 || original?.content !== input || original.key !== ccrKey(input)) {
    problems.push('the original is not the exact read');
  }

  return problems;
}
