/**
 * Finds the items of the main array in a JSON text as spans of the original
 * bytes, so a search returns items exactly as they were stored, never
 * re-serialised (`1.0` stays `1.0`, escapes stay escaped). The main array is
 * the root when the root is an array, else the root object's largest
 * array-valued member. Returns undefined for anything else.
 */
export function jsonItemSpans(text: string): string[] | undefined {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }

  const scanner = new JsonScanner(text);
  const start = scanner.skipWhitespace(0);

  if (text[start] === '[') {
    return scanner.arrayItems(start).items;
  }
  if (text[start] !== '{') {
    return undefined;
  }

  let best: string[] | undefined;
  for (const items of scanner.arrayMembers(start)) {
    if (!best || items.length > best.length) {
      best = items;
    }
  }

  return best;
}

// Walks text that JSON.parse has already accepted, so it checks nothing.
class JsonScanner {
  constructor(private readonly text: string) {}

  skipWhitespace(index: number): number {
    let position = index;
    while (position < this.text.length && /\s/.test(this.text[position])) {
      position += 1;
    }

    return position;
  }

  /** Index just past the value that starts at or after `index`. */
  skipValue(index: number): number {
    const position = this.skipWhitespace(index);
    const char = this.text[position];

    if (char === '"') {
      return this.skipString(position);
    }
    if (char === '[') {
      return this.arrayItems(position).end;
    }
    if (char === '{') {
      return this.skipObject(position);
    }

    let end = position;
    while (end < this.text.length && !/[\s,\]}]/.test(this.text[end])) {
      end += 1;
    }

    return end;
  }

  arrayItems(open: number): { items: string[]; end: number } {
    const items: string[] = [];
    let position = this.skipWhitespace(open + 1);

    while (this.text[position] !== ']') {
      const start = this.skipWhitespace(position);
      const end = this.skipValue(start);
      items.push(this.text.slice(start, end));
      position = this.skipWhitespace(end);
      if (this.text[position] === ',') {
        position = this.skipWhitespace(position + 1);
      }
    }

    return { items, end: position + 1 };
  }

  /** The items of every array-valued member of the object at `open`. */
  arrayMembers(open: number): string[][] {
    const found: string[][] = [];
    let position = this.skipWhitespace(open + 1);

    while (this.text[position] !== '}') {
      const afterKey = this.skipString(position);
      const valueStart = this.skipWhitespace(this.skipWhitespace(afterKey) + 1);
      let end: number;

      if (this.text[valueStart] === '[') {
        const array = this.arrayItems(valueStart);
        found.push(array.items);
        end = array.end;
      } else {
        end = this.skipValue(valueStart);
      }

      position = this.skipWhitespace(end);
      if (this.text[position] === ',') {
        position = this.skipWhitespace(position + 1);
      }
    }

    return found;
  }

  private skipObject(open: number): number {
    let position = this.skipWhitespace(open + 1);

    while (this.text[position] !== '}') {
      const afterKey = this.skipString(position);
      position = this.skipWhitespace(this.skipValue(this.skipWhitespace(afterKey) + 1));
      if (this.text[position] === ',') {
        position = this.skipWhitespace(position + 1);
      }
    }

    return position + 1;
  }

  private skipString(open: number): number {
    let position = open + 1;
    while (this.text[position] !== '"') {
      position += this.text[position] === '\\' ? 2 : 1;
    }

    return position + 1;
  }
}
