import type { Detection } from './content-detection.types';
import { guessLanguage } from './language-detector';
import { type LineStats, collectLineStats, sampleLines } from './line-stats';
import { type NumberedRead, parseNumberedRead } from './numbered-read';
import { detectBinary, detectConfig, detectHtml, detectJson } from './structured-detectors';

const MIN_LINES_FOR_STATISTICS = 2;

/**
 * Decides what one block of text is. Syntax-decided kinds (binary, JSON,
 * HTML, diff) come first because their evidence is unambiguous; line-shaped
 * kinds (search, listing, build, log) are scored from one pass over a sample
 * of lines; code, Markdown and prose share what is left.
 */
export function detectContent(text: string): Detection {
  if (text.trim() === '') {
    return { kind: 'unknown', confidence: 1, reason: 'empty' };
  }
  const structured = detectBinary(text) ?? detectJson(text) ?? detectHtml(text);
  if (structured) {
    return structured;
  }

  const lines = sampleLines(text);
  if (looksNumbered(lines)) {
    return detectNumberedFile(parseNumberedRead(text), lines);
  }
  const stats = collectLineStats(lines);

  return (
    detectDiff(stats) ??
    detectLineShaped(stats) ??
    detectCode(lines, stats) ??
    detectConfig(lines) ??
    detectText(stats)
  );
}

// `cat -n` and editor read tools print `   12\tcontent` or `   12→content`.
const NUMBERED_FILE_LINE = /^\s*\d+(?:\t|→)/;

/** A cheap look at the sample before the whole text is parsed. */
function looksNumbered(lines: readonly string[]): boolean {
  const content = lines.filter((line) => line.trim() !== '');
  const numbered = content.filter((line) => NUMBERED_FILE_LINE.test(line)).length;

  return content.length >= 3 && numbered / content.length >= 0.8;
}

// The file is whatever its content is, never prose because of the numbers. A
// clean read (one format, consecutive numbers) goes to the numbered-read
// compressor, which strips the numbers, compresses the content by its own kind
// and puts the true numbers back; anything else is judged by its content.
function detectNumberedFile(read: NumberedRead | undefined, sample: readonly string[]): Detection {
  const content = sample.map((line) => line.replace(NUMBERED_FILE_LINE, ''));
  const stats = collectLineStats(content);
  const inner = detectCode(content, stats) ?? detectConfig(content) ?? detectText(stats);
  if (!read) {
    return { ...inner, reason: `numbered-lines:${inner.reason}` };
  }

  return {
    kind: 'numbered',
    confidence: 0.95,
    language: inner.language,
    reason: `numbered-read:${inner.reason}`,
    numbering: { format: read.format, firstLine: read.firstLine, lastLine: read.lastLine },
  };
}

function detectDiff(stats: LineStats): Detection | undefined {
  if (stats.hunkHeaders === 0 || stats.diffHeaders === 0) {
    return undefined;
  }
  const confidence = Math.min(1, 0.5 + 0.15 * stats.diffHeaders + 0.05 * stats.changeLines);

  return confidence >= 0.7 ? { kind: 'diff', confidence, reason: 'unified-diff' } : undefined;
}

function detectLineShaped(stats: LineStats): Detection | undefined {
  if (stats.lines < MIN_LINES_FOR_STATISTICS) {
    return undefined;
  }
  const candidates: Detection[] = [
    searchScore(stats),
    listingScore(stats),
    buildScore(stats),
    logScore(stats),
  ]
    .filter((candidate): candidate is Detection => candidate !== undefined)
    .sort((left, right) => right.confidence - left.confidence);

  return candidates[0];
}

function searchScore(stats: LineStats): Detection | undefined {
  const prefixed = stats.grepMatch + stats.grepContext + stats.separators;
  const numbered = stats.numbered + stats.separators;
  const ratio = Math.max(prefixed, numbered) / stats.lines;
  const fileRatio = (stats.grepFile + stats.grepMatch) / stats.lines;
  // Only separators and no prefixes: grep -A/-B/-C over one file without -n.
  const separatorsOnly = stats.separators >= 2 && stats.separators / stats.lines >= 0.03;
  const hasMatch = stats.grepMatch > 0 || stats.numbered > 0 || stats.grepFile > 0;
  if (ratio >= 0.6 && hasMatch) {
    return {
      kind: 'search',
      confidence: Math.min(1, 0.4 + 0.6 * ratio),
      reason: `grep-lines:${ratio.toFixed(2)}`,
    };
  }
  if (fileRatio >= 0.7) {
    return {
      kind: 'search',
      confidence: 0.5 + 0.4 * fileRatio,
      reason: `grep-files:${fileRatio.toFixed(2)}`,
    };
  }
  if (separatorsOnly) {
    return { kind: 'search', confidence: 0.6, reason: 'grep-context-groups' };
  }

  return undefined;
}

function listingScore(stats: LineStats): Detection | undefined {
  const ratio = (stats.listing + stats.paths) / stats.lines;
  if (ratio < 0.7 || stats.listing + stats.paths < 2) {
    return undefined;
  }

  return {
    kind: 'listing',
    confidence: Math.min(1, 0.3 + 0.7 * ratio),
    reason: `listing:${ratio.toFixed(2)}`,
  };
}

function buildScore(stats: LineStats): Detection | undefined {
  const ratio = stats.build / stats.lines;
  if (stats.testSummary > 0 && stats.build >= 3) {
    return {
      kind: 'build',
      confidence: Math.min(0.95, 0.65 + ratio),
      reason: `test-summary:${stats.testSummary}`,
    };
  }
  if (stats.build < 2 || ratio < 0.08) {
    return undefined;
  }

  return {
    kind: 'build',
    confidence: Math.min(0.95, 0.55 + ratio),
    reason: `build-lines:${ratio.toFixed(2)}`,
  };
}

function logScore(stats: LineStats): Detection | undefined {
  const prefixRatio = stats.logPrefix / stats.lines;
  const levelRatio = stats.levelWords / stats.lines;
  const ratio = Math.max(prefixRatio, Math.min(levelRatio, prefixRatio + 0.3));
  if (ratio < 0.5) {
    return undefined;
  }

  return {
    kind: 'log',
    confidence: Math.min(1, 0.3 + 0.7 * ratio),
    reason: `log-lines:${ratio.toFixed(2)}`,
  };
}

function detectCode(lines: readonly string[], stats: LineStats): Detection | undefined {
  const guess = guessLanguage(lines);
  if (!guess || guess.hits < 3) {
    return undefined;
  }
  const punctuation = stats.codePunctuation / Math.max(1, stats.lines);
  const sentences = stats.sentences / Math.max(1, stats.lines);
  const confidence = Math.min(1, 0.3 + 0.6 * guess.ratio + 0.3 * punctuation - 0.5 * sentences);
  if (confidence < 0.5) {
    return undefined;
  }

  return {
    kind: 'code',
    confidence,
    language: guess.language,
    reason: `code:${guess.language}:${guess.hits}`,
  };
}

function detectText(stats: LineStats): Detection {
  const lines = Math.max(1, stats.lines);
  const markdown = (stats.headings * 3 + stats.bullets) / lines;
  if (stats.headings >= 1 && markdown >= 0.1) {
    return {
      kind: 'markdown',
      confidence: Math.min(0.95, 0.5 + markdown),
      reason: 'markdown-structure',
    };
  }

  return {
    kind: 'prose',
    confidence: 0.5 + Math.min(0.4, stats.sentences / lines),
    reason: 'fallback',
  };
}
