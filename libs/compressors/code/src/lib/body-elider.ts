import type { Node } from 'web-tree-sitter';
import type { LanguageProfile } from './language-profiles';
import { identifierWords, mentionsAny } from './query-terms';
import {
  countLines,
  indentationAt,
  restOfLineIsBlank,
  startsItsLine,
  type TextEdit,
} from './text-edits';

export type ElisionOptions = {
  /** Bodies shorter than this many lines stay: the marker would cost about as much. */
  minBodyLines: number;
  /** A one-line body this long is elided anyway (minified code), brace languages only. */
  minBodyChars: number;
};

export type ElisionPlan = {
  edits: TextEdit[];
  /** Bodies kept because the question names them; comments inside stay verbatim. */
  protectedRanges: Array<{ start: number; end: number }>;
  /** Where the first line of each function the question names begins: its doc comment stays whole. */
  protectedLineStarts: number[];
  functionCount: number;
  elidedCount: number;
};

type Context = {
  text: string;
  profile: LanguageProfile;
  terms: ReadonlySet<string>;
  marker: (note: string) => string;
  options: ElisionOptions;
};

type Decision = 'elide' | 'keep' | 'protect';

// A body counts as a container (an IIFE, a `describe` block, a constructor
// function full of methods) when nested functions make up this share of it;
// its nested functions are elided one by one instead of all at once.
const CONTAINER_SHARE = 0.5;

/** Plans the elision of every function body that is large and not relevant to the question. */
export function planBodyElisions(root: Node, context: Context): ElisionPlan {
  const plan: ElisionPlan = {
    edits: [],
    protectedRanges: [],
    protectedLineStarts: [],
    functionCount: 0,
    elidedCount: 0,
  };
  // A cursor, not `node.children`: only function nodes are ever materialised
  // as objects, which on a large file is most of the cost of the walk.
  const cursor = root.walk();
  try {
    for (;;) {
      const descend = context.profile.functionTypes.has(cursor.nodeType)
        ? visitFunction(cursor.currentNode, plan, context)
        : true;
      if (descend && cursor.gotoFirstChild()) {
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          return plan;
        }
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Decides one function; returns whether the walk should look inside it. */
function visitFunction(node: Node, plan: ElisionPlan, context: Context): boolean {
  const body = elidableBody(node, context.profile);
  if (!body) {
    return true;
  }
  plan.functionCount += 1;
  const decision = decide(node, body, context);
  const edit = decision === 'elide' ? placeholderEdit(node, body, context) : undefined;
  // A placeholder as long as the body saves nothing and costs a marker.
  if (edit && edit.replacement.length < edit.end - edit.start) {
    plan.edits.push(edit);
    plan.elidedCount += 1;

    return false;
  }
  if (decision === 'protect') {
    plan.protectedRanges.push({ start: body.startIndex, end: body.endIndex });
    plan.protectedLineStarts.push(context.text.lastIndexOf('\n', node.startIndex - 1) + 1);
  }

  return true;
}

function elidableBody(node: Node, profile: LanguageProfile): Node | undefined {
  if (!profile.functionTypes.has(node.type)) {
    return undefined;
  }
  const body = node.childForFieldName('body');

  return body && profile.bodyTypes.has(body.type) ? body : undefined;
}

function decide(node: Node, body: Node, context: Context): Decision {
  if (context.terms.size > 0 && isNamedByQuery(node, body, context.terms)) {
    return 'protect';
  }
  if (body.hasError || !isLargeEnough(body, context)) {
    return 'keep';
  }

  return isContainer(body, context) ? 'keep' : 'elide';
}

function isNamedByQuery(node: Node, body: Node, terms: ReadonlySet<string>): boolean {
  const name = functionName(node);
  const nameWords = [name.toLowerCase(), ...identifierWords(name)];

  return nameWords.some((word) => terms.has(word)) || mentionsAny(body.text, terms);
}

function isLargeEnough(body: Node, context: Context): boolean {
  const lines = body.endPosition.row - body.startPosition.row + 1;
  if (lines >= context.options.minBodyLines) {
    return true;
  }

  return (
    context.profile.bodyStyle === 'brace' &&
    body.endIndex - body.startIndex >= context.options.minBodyChars
  );
}

function isContainer(body: Node, context: Context): boolean {
  const nested = body
    .descendantsOfType([...context.profile.functionTypes])
    .filter(
      (node): node is Node => node !== null && elidableBody(node, context.profile) !== undefined,
    );
  if (nested.length < 2) {
    return false;
  }

  let nestedLength = 0;
  let coveredUntil = -1;
  for (const node of nested) {
    if (node.startIndex >= coveredUntil) {
      nestedLength += node.endIndex - node.startIndex;
      coveredUntil = node.endIndex;
    }
  }

  return nestedLength >= CONTAINER_SHARE * (body.endIndex - body.startIndex);
}

function placeholderEdit(node: Node, body: Node, context: Context): TextEdit | undefined {
  const { text } = context;
  const lines = countLines(body.text);
  const marker = context.marker(`body of ${functionName(node)} elided, ${lines} lines`);
  const start = body.startIndex;
  const end = body.endIndex;

  switch (context.profile.bodyStyle) {
    case 'brace':
      return { start, end, replacement: `{ /* ${marker} */ }` };
    case 'shell': {
      const indent = indentationAt(text, node.startIndex);

      return { start, end, replacement: `{\n${indent}  : # ${marker}\n${indent}}` };
    }
    case 'keyword': {
      const lineEnd = endOfTrailingComment(text, end);

      return startsItsLine(text, start) && restOfLineIsBlank(text, lineEnd)
        ? { start, end: lineEnd, replacement: `# ${marker}` }
        : undefined;
    }
    case 'indent':
      return pythonPlaceholder(body, marker, text);
  }
}

function pythonPlaceholder(body: Node, marker: string, text: string): TextEdit | undefined {
  // The placeholder ends in a line comment, so nothing but a comment may follow it.
  const end = endOfTrailingComment(text, body.endIndex);
  if (!restOfLineIsBlank(text, end)) {
    return undefined;
  }
  const summary = startsItsLine(text, body.startIndex) ? docstringSummary(body) : undefined;
  const placeholder = `...  # ${marker}`;
  const replacement = summary
    ? `${summary}\n${indentationAt(text, body.startIndex)}${placeholder}`
    : placeholder;

  return { start: body.startIndex, end, replacement };
}

/** Past a `# ...` comment that trails the body's last line, which belongs to the body. */
function endOfTrailingComment(text: string, index: number): number {
  const match = /^[ \t]*#[^\n]*/.exec(text.slice(index, index + 4096));

  return match && !match[0].includes('\r') ? index + match[0].length : index;
}

/** The first line of a Python docstring, re-quoted as a one-line string. */
export function docstringSummary(block: Node): string | undefined {
  const first = block.namedChildren[0];
  const literal = first?.type === 'expression_statement' ? first.namedChildren[0] : undefined;
  if (!literal || literal.type !== 'string' || first?.namedChildren.length !== 1) {
    return undefined;
  }

  return oneLineString(literal.text);
}

export function oneLineString(literal: string, suffix = ''): string | undefined {
  const match = /^([rRuUbBfF]{0,2})("""|'''|"|')([\s\S]*)\2$/.exec(literal);
  if (!match) {
    return undefined;
  }
  const [, prefix, quote, content] = match;
  const line = content
    .split('\n')
    .map((part) => part.trim())
    .find((part) => part.length > 0);
  // A trailing backslash or quote would merge with the closing quotes.
  const clean = (line ?? '').replace(/[\\"']+$/, '').trim();

  const inner = [clean, suffix].filter((part) => part.length > 0).join(' ');

  return `${prefix}${quote}${inner}${quote}`;
}

function functionName(node: Node): string {
  const named = node.childForFieldName('name') ?? declaratorName(node);
  const parent = node.parent;
  const fromParent =
    parent?.childForFieldName('name') ??
    parent?.childForFieldName('key') ??
    parent?.childForFieldName('left') ??
    parent?.childForFieldName('property');
  const raw = named?.text ?? (parent && parent !== node ? fromParent?.text : undefined) ?? '';
  const clean = raw.replace(/[^\p{L}\p{N}_$.:~<>-]+/gu, '').slice(0, 60);

  return clean || 'anonymous function';
}

/** C and C++ name a function inside nested declarators: `*f(int)`, `Ledger::total() const`. */
function declaratorName(node: Node): Node | undefined {
  let current = node.childForFieldName('declarator');
  while (current && current.childForFieldName('declarator')) {
    current = current.childForFieldName('declarator');
  }

  return current ?? undefined;
}
