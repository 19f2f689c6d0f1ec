import type { Node } from 'web-tree-sitter';
import { oneLineString } from './body-elider';
import type { LanguageProfile } from './language-profiles';
import { countLines, indentationAt, startsItsLine, type TextEdit } from './text-edits';

export type Range = { start: number; end: number };

type Context = {
  text: string;
  profile: LanguageProfile;
  marker: (note: string) => string;
  /** Comments this long or longer are cut to their first line. */
  minCommentLines: number;
  /** Elided bodies and bodies the question names: comments there are left alone. */
  untouchable: readonly Range[];
  /** First-line starts of the functions the question names: their doc comments stay whole. */
  protectedLineStarts: readonly number[];
};

const COMMENT_TYPES = ['comment', 'line_comment', 'block_comment'];

// Lines a tool reads (shebangs, encodings, lint and build directives) are
// never folded into a trimmed comment.
const DIRECTIVE =
  /^(#!|.*(-\*-|eslint|@ts-|tslint|prettier-|istanbul|c8 |noqa|type:|pragma|go:|\+build|rubocop|frozen_string_literal|#region|#endregion|shellcheck|jshint|jscs|NOLINT|@flow|@jsx|sourceMappingURL|<reference|<amd-))/;

// A marker costs about 40 characters: a trim that saves less is not worth one.
const MIN_SAVING = 60;

/**
 * Cuts long comments to their first meaningful line, plus one marker: block
 * comments, runs of line comments, and Python module and class docstrings.
 */
export function planCommentTrims(root: Node, context: Context): TextEdit[] {
  const untouchable = mergeRanges(context.untouchable);
  const comments = root
    .descendantsOfType(COMMENT_TYPES)
    .filter((node): node is Node => node !== null && isFree(node, untouchable));
  const edits: TextEdit[] = [];

  const attached = new Set(context.protectedLineStarts);
  for (let index = 0; index < comments.length;) {
    const run = lineCommentRun(comments, index, context);
    const edit = run.length > 0 ? trimRun(run, context) : trimBlock(comments[index], context);
    if (edit && !attached.has(documentedLineStart(context.text, edit.end))) {
      edits.push(edit);
    }
    index += Math.max(run.length, 1);
  }
  if (context.profile.bodyStyle === 'indent') {
    edits.push(...planDocstringTrims(root, context, untouchable));
  }

  return edits;
}

/** Sorted, disjoint ranges covering the same text, for binary search. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((left, right) => left.start - right.start);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) {
      last.end = Math.max(last.end, range.end);
    } else {
      merged.push({ start: range.start, end: range.end });
    }
  }

  return merged;
}

/** Whether `node` lies clear of every range; `ranges` must come from `mergeRanges`. */
// Lines between a doc comment and what it documents: decorators and attributes.
const ANNOTATION_LINE = /^[ \t]*(@|#\[|\[)[^\n]*\n/;

/** The start of the line a comment documents: the next line that is not blank or an annotation. */
function documentedLineStart(text: string, commentEnd: number): number {
  let index = text.indexOf('\n', commentEnd);
  if (index === -1) {
    return -1;
  }
  index += 1;
  for (;;) {
    const rest = text.slice(index, index + 512);
    const blank = /^[ \t]*\r?\n/.exec(rest);
    const annotation = blank ? null : ANNOTATION_LINE.exec(rest);
    const skipped = blank ?? annotation;
    if (!skipped) {
      return index;
    }
    index += skipped[0].length;
  }
}

function isFree(node: Node, ranges: readonly Range[]): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle];
    if (range.end <= node.startIndex) {
      low = middle + 1;
    } else if (range.start >= node.endIndex) {
      high = middle - 1;
    } else {
      return false;
    }
  }

  return true;
}

function linePrefix(comment: Node, context: Context): string | undefined {
  const text = comment.text;
  if (DIRECTIVE.test(text) || !startsItsLine(context.text, comment.startIndex)) {
    return undefined;
  }

  return context.profile.lineCommentPrefixes.find((prefix) => text.startsWith(prefix));
}

/** Consecutive whole-line comments with the same prefix, starting at `index`. */
function lineCommentRun(comments: readonly Node[], index: number, context: Context): Node[] {
  const prefix = linePrefix(comments[index], context);
  if (prefix === undefined) {
    return [];
  }
  const run = [comments[index]];
  for (let next = index + 1; next < comments.length; next += 1) {
    const previous = run[run.length - 1];
    const candidate = comments[next];
    if (linePrefix(candidate, context) !== prefix || !isNextLine(previous, candidate, context)) {
      break;
    }
    run.push(candidate);
  }

  return run;
}

function isNextLine(previous: Node, next: Node, context: Context): boolean {
  const gap = context.text.slice(previous.endIndex, next.startIndex);
  const newlines = gap.split('\n').length - 1 + (previous.text.endsWith('\n') ? 1 : 0);

  return /^[ \t\r\n]*$/.test(gap) && newlines === 1;
}

function trimRun(run: readonly Node[], context: Context): TextEdit | undefined {
  const first = run[0];
  const last = run[run.length - 1];
  const lines = last.endPosition.row - first.startPosition.row + (last.text.endsWith('\n') ? 0 : 1);
  if (lines < context.minCommentLines) {
    return undefined;
  }
  const prefix = linePrefix(first, context) ?? '';
  const kept = run.find((comment) => isMeaningful(comment.text.slice(prefix.length))) ?? first;
  const indent = indentationAt(context.text, first.startIndex);
  const marker = context.marker(`comment trimmed, ${lines} lines`);
  const trailer = last.text.endsWith('\n') ? '\n' : '';
  const replacement = `${kept.text.replace(/\r?\n$/, '')}\n${indent}${prefix} ${marker}${trailer}`;

  return worthIt(first.startIndex, last.endIndex, replacement);
}

function trimBlock(comment: Node, context: Context): TextEdit | undefined {
  const text = comment.text;
  const lines = countLines(text);
  if (!text.startsWith('/*') || !text.endsWith('*/') || lines < context.minCommentLines) {
    return undefined;
  }
  const opener = /^\/\*[*!]?/.exec(text)?.[0] ?? '/*';
  const summary = text
    .slice(opener.length, -2)
    .split('\n')
    .map((line) => line.replace(/^\s*\*?/, '').trim())
    .find(isMeaningful);
  const marker = context.marker(`comment trimmed, ${lines} lines`);
  const replacement = `${opener} ${summary ? `${summary} ` : ''}${marker} */`;

  return worthIt(comment.startIndex, comment.endIndex, replacement);
}

function worthIt(start: number, end: number, replacement: string): TextEdit | undefined {
  return end - start - replacement.length >= MIN_SAVING ? { start, end, replacement } : undefined;
}

function isMeaningful(line: string): boolean {
  return /[\p{L}\p{N}]/u.test(line.replace(/<\/?[\w:.-]+[^>]*>/g, ''));
}

/** Module and class docstrings; function docstrings go with their bodies. */
function planDocstringTrims(root: Node, context: Context, untouchable: Range[]): TextEdit[] {
  const edits: TextEdit[] = [];
  const owners = [root, ...root.descendantsOfType('class_definition')];

  for (const owner of owners) {
    const block = owner?.type === 'module' ? owner : owner?.childForFieldName('body');
    const first = block?.namedChildren.find((child) => child?.type !== 'comment');
    const literal = first?.type === 'expression_statement' ? first.namedChildren[0] : undefined;
    if (!literal || literal.type !== 'string' || first?.namedChildren.length !== 1) {
      continue;
    }
    const lines = countLines(literal.text);
    if (lines < context.minCommentLines || !isFree(literal, untouchable)) {
      continue;
    }
    const replacement = oneLineString(
      literal.text,
      context.marker(`docstring trimmed, ${lines} lines`),
    );
    const edit = replacement && worthIt(literal.startIndex, literal.endIndex, replacement);
    if (edit) {
      edits.push(edit);
    }
  }

  return edits;
}
