import type { CodeLanguage } from '@headroom/contracts';

/**
 * How an elided body is written back so the file still parses:
 * - `brace`: `{ /* marker *\/ }` for every curly-brace language;
 * - `indent`: Python's `...  # marker` inside the indented block;
 * - `keyword`: Ruby's `def ... end`, where the body becomes a comment line;
 * - `shell`: a brace group needs one command, so `:` carries the marker.
 */
export type BodyStyle = 'brace' | 'indent' | 'keyword' | 'shell';

export type LanguageProfile = {
  /** File name inside `@vscode/tree-sitter-wasm/wasm`. */
  grammarFile: string;
  /** Node types whose `body` field holds an elidable function body. */
  functionTypes: ReadonlySet<string>;
  /** Accepted node types of that `body` field (expression bodies stay as they are). */
  bodyTypes: ReadonlySet<string>;
  bodyStyle: BodyStyle;
  /** Opening of a line comment, used when a run of line comments is trimmed. */
  lineCommentPrefixes: readonly string[];
};

const BRACE_LINE_COMMENTS = ['///', '//!', '//'] as const;
const HASH_LINE_COMMENTS = ['#'] as const;

const ECMASCRIPT: Omit<LanguageProfile, 'grammarFile'> = {
  functionTypes: new Set([
    'function_declaration',
    'function_expression',
    'generator_function_declaration',
    'generator_function',
    'arrow_function',
    'method_definition',
  ]),
  bodyTypes: new Set(['statement_block']),
  bodyStyle: 'brace',
  lineCommentPrefixes: BRACE_LINE_COMMENTS,
};

const C_FAMILY: Omit<LanguageProfile, 'grammarFile'> = {
  functionTypes: new Set(['function_definition', 'lambda_expression']),
  bodyTypes: new Set(['compound_statement']),
  bodyStyle: 'brace',
  lineCommentPrefixes: BRACE_LINE_COMMENTS,
};

const PROFILES: Record<CodeLanguage, LanguageProfile> = {
  typescript: { ...ECMASCRIPT, grammarFile: 'tree-sitter-typescript.wasm' },
  tsx: { ...ECMASCRIPT, grammarFile: 'tree-sitter-tsx.wasm' },
  javascript: { ...ECMASCRIPT, grammarFile: 'tree-sitter-javascript.wasm' },
  python: {
    grammarFile: 'tree-sitter-python.wasm',
    functionTypes: new Set(['function_definition']),
    bodyTypes: new Set(['block']),
    bodyStyle: 'indent',
    lineCommentPrefixes: HASH_LINE_COMMENTS,
  },
  go: {
    grammarFile: 'tree-sitter-go.wasm',
    functionTypes: new Set(['function_declaration', 'method_declaration', 'func_literal']),
    bodyTypes: new Set(['block']),
    bodyStyle: 'brace',
    lineCommentPrefixes: BRACE_LINE_COMMENTS,
  },
  rust: {
    grammarFile: 'tree-sitter-rust.wasm',
    functionTypes: new Set(['function_item', 'closure_expression']),
    bodyTypes: new Set(['block']),
    bodyStyle: 'brace',
    lineCommentPrefixes: BRACE_LINE_COMMENTS,
  },
  java: {
    grammarFile: 'tree-sitter-java.wasm',
    functionTypes: new Set([
      'method_declaration',
      'constructor_declaration',
      'compact_constructor_declaration',
      'lambda_expression',
    ]),
    bodyTypes: new Set(['block', 'constructor_body']),
    bodyStyle: 'brace',
    lineCommentPrefixes: BRACE_LINE_COMMENTS,
  },
  // The package ships no C grammar; the C++ grammar reads nearly all C, and
  // the re-parse check refuses the rare file it does not.
  c: { ...C_FAMILY, grammarFile: 'tree-sitter-cpp.wasm' },
  cpp: { ...C_FAMILY, grammarFile: 'tree-sitter-cpp.wasm' },
  csharp: {
    grammarFile: 'tree-sitter-c-sharp.wasm',
    functionTypes: new Set([
      'method_declaration',
      'constructor_declaration',
      'destructor_declaration',
      'operator_declaration',
      'conversion_operator_declaration',
      'local_function_statement',
      'lambda_expression',
      'anonymous_method_expression',
    ]),
    bodyTypes: new Set(['block']),
    bodyStyle: 'brace',
    lineCommentPrefixes: BRACE_LINE_COMMENTS,
  },
  ruby: {
    grammarFile: 'tree-sitter-ruby.wasm',
    functionTypes: new Set(['method', 'singleton_method']),
    bodyTypes: new Set(['body_statement']),
    bodyStyle: 'keyword',
    lineCommentPrefixes: HASH_LINE_COMMENTS,
  },
  shell: {
    grammarFile: 'tree-sitter-bash.wasm',
    functionTypes: new Set(['function_definition']),
    bodyTypes: new Set(['compound_statement']),
    bodyStyle: 'shell',
    lineCommentPrefixes: HASH_LINE_COMMENTS,
  },
  php: {
    grammarFile: 'tree-sitter-php.wasm',
    functionTypes: new Set(['function_definition', 'method_declaration', 'anonymous_function']),
    bodyTypes: new Set(['compound_statement']),
    bodyStyle: 'brace',
    lineCommentPrefixes: ['//', '#'],
  },
};

export function profileFor(language: CodeLanguage): LanguageProfile {
  return PROFILES[language];
}
