import type { JsonPath } from './json-spans';
import type { ProviderFormat } from './provider-format';

/** A string in the request that the model only reads, so it may be compressed. */
export type CompressibleUnit = {
  path: JsonPath;
  text: string;
  /** The tool whose output this is, when known. */
  toolName?: string;
  /**
   * The file the tool call named in its arguments (`Read {file_path}`), as the
   * agent wrote it. In-process only: the pipeline hands compressors just the
   * kind its extension names, and never logs, counts or stores it.
   */
  sourcePath?: string;
};

/** What the tool call a result answers says about it. */
export type ToolCallFacts = Pick<CompressibleUnit, 'toolName' | 'sourcePath'>;

/** What the pipeline needs to know about one provider request. */
export type RequestView = {
  format: ProviderFormat;
  model: string | undefined;
  stream: boolean;
  /** Text of the newest user message: the question compressors rank against. */
  query: string;
  units: CompressibleUnit[];
  /** The client declared tools of its own: an agent, whose session will need ours too. */
  hasClientTools: boolean;
  /** The client declared a tool with our retrieval tool's name itself. */
  declaresRetrievalTool: boolean;
  /** False when the model cannot call tools this turn (`tool_choice: none`). */
  canCallTools: boolean;
  /** Top-level fields whose strings count towards the request's tokens. */
  countedFields: readonly string[];
  /** Fields that form the stable head of the prompt (system, instructions, tools). */
  headFields: readonly string[];
  /** The conversation array and its length. */
  conversationField: 'messages' | 'input';
  conversationLength: number;
  /**
   * How many leading conversation items the provider has probably cached from
   * the client's previous request: up to the last cache breakpoint (Anthropic)
   * or up to the last assistant turn (OpenAI's automatic prefix cache).
   */
  presumedCachedItems: number;
  /** System-prompt strings, for dynamic-content detection and the opt-in normaliser. */
  system: CompressibleUnit[];
};

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function textOf(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }

  return asArray(value)
    .map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text.length > 0)
    .join('\n');
}

/** Every string value under `value`, walked without recursion (depth is client-controlled). */
export function collectStrings(value: unknown, into: string[] = []): string[] {
  const pending: unknown[] = [value];

  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === 'string') {
      into.push(current);
    } else if (Array.isArray(current)) {
      pending.push(...current);
    } else if (isObject(current)) {
      pending.push(...Object.values(current));
    }
  }

  return into;
}

/** Index of the last item matching, or -1 when none does. */
export function lastIndexWhere(items: unknown[], matches: (item: unknown) => boolean): number {
  for (let index = items.length - 1; index >= 0; index -= 1) {
    if (matches(items[index])) return index;
  }

  return -1;
}

/**
 * The strings of a content value: the value itself when it is a string, else
 * the `text` of each part of the given type (`text` blocks, `input_text` parts),
 * each with what the tool call it answers says (none for system strings).
 */
export function textUnits(
  content: unknown,
  path: (string | number)[],
  call: ToolCallFacts | undefined,
  partType = 'text',
): CompressibleUnit[] {
  if (typeof content === 'string') {
    return [{ path, text: content, ...call }];
  }

  return asArray(content).flatMap((part, index) =>
    isObject(part) && part.type === partType && typeof part.text === 'string'
      ? [{ path: [...path, index, 'text'], text: part.text, ...call }]
      : [],
  );
}
