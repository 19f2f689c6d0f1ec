import { type JsonObject, type ToolCallFacts, isObject } from './request-view';

/**
 * Argument names under which agents' file tools name the one file they read
 * or write: `file_path` (Claude Code's Read, Write, Edit), `notebook_path`
 * (its notebook tools), `path` (SWE-agent's open and str_replace_editor, most
 * hand-written read_file tools) and `filename` (SWE-agent's create). The
 * first that holds a string wins. `file_name` is left out on purpose: SWE-agent's
 * find_file searches for it, and its output lists matches, not the file.
 */
export const PATH_ARGUMENT_NAMES = ['file_path', 'notebook_path', 'path', 'filename'] as const;

// Arguments are parsed only to find a path. Past this size they carry file
// contents (Write, Edit), and parsing them on every turn would cost time for
// a hint the result of such a call rarely needs.
const MAX_PARSED_ARGUMENT_CHARS = 64 * 1024;
const MAX_PATH_CHARS = 4096;

/**
 * The name and the named file of a tool call, from its arguments as an
 * object: Anthropic's `tool_use.input`, or OpenAI's `arguments` string read
 * by `parseToolArguments`.
 */
export function toolCallFacts(name: unknown, args: JsonObject | undefined): ToolCallFacts {
  const facts: ToolCallFacts = {};
  if (typeof name === 'string') facts.toolName = name;
  const sourcePath = args === undefined ? undefined : pathArgument(args);
  if (sourcePath !== undefined) facts.sourcePath = sourcePath;

  return facts;
}

/**
 * OpenAI's `arguments` string as an object, read only to find a path. A
 * string that is not one JSON object (concatenated objects, a stream cut
 * short), or is not a string at all, gives nothing; nothing is ever thrown.
 */
export function parseToolArguments(text: unknown): JsonObject | undefined {
  if (typeof text !== 'string' || text.length > MAX_PARSED_ARGUMENT_CHARS) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function pathArgument(args: JsonObject): string | undefined {
  for (const name of PATH_ARGUMENT_NAMES) {
    const value = Object.hasOwn(args, name) ? args[name] : undefined;
    if (typeof value === 'string' && value.length > 0 && value.length <= MAX_PATH_CHARS) {
      return value;
    }
  }

  return undefined;
}
