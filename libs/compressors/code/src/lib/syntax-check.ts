import type { Node, Parser, Tree } from 'web-tree-sitter';

/** ERROR and MISSING nodes in a tree: the parser's count of syntax errors. */
export function countSyntaxErrors(tree: Tree): number {
  if (!tree.rootNode.hasError) {
    return 0;
  }

  let errors = 0;
  const cursor = tree.walk();
  try {
    let descending = true;
    for (;;) {
      if (descending) {
        const node: Node = cursor.currentNode;
        if (node.isError || node.isMissing) {
          errors += 1;
        }
        // Subtrees without errors need no visit.
        if (node.hasError && cursor.gotoFirstChild()) {
          continue;
        }
      }
      if (cursor.gotoNextSibling()) {
        descending = true;
        continue;
      }
      if (!cursor.gotoParent()) {
        break;
      }
      descending = false;
    }
  } finally {
    cursor.delete();
  }

  return errors;
}

/** The syntax errors `text` parses with; infinite when the parser gives up on it. */
export function syntaxErrorsOf(parser: Parser, text: string): number {
  const tree = parser.parse(text);
  if (!tree) {
    return Number.POSITIVE_INFINITY;
  }
  try {
    return countSyntaxErrors(tree);
  } finally {
    tree.delete();
  }
}
