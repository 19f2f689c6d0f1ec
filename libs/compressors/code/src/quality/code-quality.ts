import { readFileSync } from 'node:fs';
import type { CodeLanguage } from '@headroom/contracts';
import type { Node, Parser } from 'web-tree-sitter';
import { CodeCompressor } from '../lib/code.compressor';
import { sharedGrammars } from '../lib/grammar-registry';
import { profileFor } from '../lib/language-profiles';
import { syntaxErrorsOf } from '../lib/syntax-check';
import { findCodeSamples, type CodeSample } from './code-samples';

export type CodeQuality = {
  language: CodeLanguage;
  path: string;
  /** The compressor's output (the input itself when it skipped), for callers that count tokens. */
  output: string;
  status: string;
  charsBefore: number;
  charsAfter: number;
  errorsBefore: number;
  errorsAfter: number;
  /** Top-level imports and elided functions' signatures missing from the output. */
  missingOutline: string[];
  outlineCount: number;
};

// Top-level nodes that pull in other code, per grammar.
const IMPORT_TYPES = new Set([
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'import_declaration',
  'use_declaration',
  'preproc_include',
  'using_directive',
  'namespace_use_declaration',
  'package_clause',
  'package_declaration',
]);

/** Compresses each installed sample and checks that it re-parses and keeps its outline. */
export async function measureCodeQuality(
  samples: CodeSample[] = findCodeSamples(),
): Promise<CodeQuality[]> {
  const compressor = new CodeCompressor({ minChars: 0 });
  const rows: CodeQuality[] = [];
  for (const sample of samples) {
    const text = readFileSync(sample.path, 'utf8');
    const outcome = await compressor.compress({
      text,
      kind: 'code',
      language: sample.language,
      query: '',
      lossless: false,
    });
    const output = outcome.status === 'compressed' ? outcome.text : text;
    const parser = await sharedGrammars.parserFor(sample.language);
    const outline = outlineOf(parser, sample.language, text);
    rows.push({
      language: sample.language,
      path: sample.path,
      output,
      status: outcome.status === 'compressed' ? outcome.transforms.join(',') : outcome.reason,
      charsBefore: text.length,
      charsAfter: output.length,
      errorsBefore: syntaxErrorsOf(parser, text),
      errorsAfter: syntaxErrorsOf(parser, output),
      missingOutline: outline.filter((line) => !output.includes(line)),
      outlineCount: outline.length,
    });
  }

  return rows;
}

/**
 * What must survive: each top-level import, and the first line of each
 * function declared outside any other function, up to its body.
 */
function outlineOf(parser: Parser, language: CodeLanguage, text: string): string[] {
  const tree = parser.parse(text);
  if (!tree) {
    return [];
  }
  try {
    const profile = profileFor(language);
    const imports = tree.rootNode.namedChildren
      .filter((node): node is Node => node !== null && IMPORT_TYPES.has(node.type))
      .map((node) => node.text.trim());
    const signatures = tree.rootNode
      .descendantsOfType([...profile.functionTypes])
      .filter((node): node is Node => node !== null && !insideFunction(node, profile.functionTypes))
      .map((node) => signatureLine(node, text))
      .filter((line) => line.length > 0);

    return [...imports, ...signatures];
  } finally {
    tree.delete();
  }
}

function insideFunction(node: Node, functionTypes: ReadonlySet<string>): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (functionTypes.has(parent.type)) {
      return true;
    }
  }

  return false;
}

function signatureLine(node: Node, text: string): string {
  const body = node.childForFieldName('body');
  const lineEnd = text.indexOf('\n', node.startIndex);
  const end = Math.min(
    body ? body.startIndex : node.endIndex,
    lineEnd === -1 ? text.length : lineEnd,
  );

  return text.slice(node.startIndex, end).trim();
}
