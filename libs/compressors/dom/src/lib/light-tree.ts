import type { DefaultTreeAdapterMap } from 'parse5';

/** The plain parse5 tree: no DOM, no CSSOM, a few plain objects per node. */
export type LightElement = DefaultTreeAdapterMap['element'];
export type LightNode = DefaultTreeAdapterMap['childNode'];
export type LightParent = DefaultTreeAdapterMap['parentNode'];

export function isElement(node: LightNode | LightParent): node is LightElement {
  return 'tagName' in node;
}

export function isText(node: LightNode): node is DefaultTreeAdapterMap['textNode'] {
  return node.nodeName === '#text';
}

export function attribute(element: LightElement, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value;
}

/** Elements below `root` in document order, `root` excluded. */
export function* descendants(root: LightParent): Generator<LightElement> {
  const stack: LightNode[] = [...root.childNodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as LightNode;
    if (isElement(node)) {
      yield node;
      for (let index = node.childNodes.length - 1; index >= 0; index -= 1) {
        stack.push(node.childNodes[index]);
      }
    }
  }
}

export function findFirst(root: LightParent, tags: readonly string[]): LightElement | undefined {
  for (const element of descendants(root)) {
    if (tags.includes(element.tagName)) {
      return element;
    }
  }

  return undefined;
}

/** Concatenated text of every text node below `node`. */
export function textOf(node: LightNode | LightParent): string {
  const parts: string[] = [];
  const stack: Array<LightNode | LightParent> = [node];
  while (stack.length > 0) {
    const current = stack.pop() as LightNode | LightParent;
    if ('value' in current && current.nodeName === '#text') {
      parts.push(current.value);
    } else if ('childNodes' in current) {
      for (let index = current.childNodes.length - 1; index >= 0; index -= 1) {
        stack.push(current.childNodes[index]);
      }
    }
  }

  return parts.join('');
}

export function detach(node: LightNode): void {
  const parent = node.parentNode;
  if (parent) {
    const index = parent.childNodes.indexOf(node);
    if (index !== -1) {
      parent.childNodes.splice(index, 1);
    }
    node.parentNode = null;
  }
}
