import { type JsonPath, type Patch, applyPatches, locateValues, pathKey } from './json-spans';
import type { ProviderFormat } from './provider-format';
import { retrievalToolDefinition } from './retrieval-tool.definitions';

export type UnitReplacement = { path: JsonPath; text: string };

export type RequestEdit = {
  replacements: readonly UnitReplacement[];
  injectRetrievalTool: boolean;
};

/**
 * Writes edits into the client's JSON text in place. Only the replaced string
 * values and the appended tool definition differ from what the client sent.
 */
export function editRequest(
  text: string,
  body: Record<string, unknown>,
  format: ProviderFormat,
  edit: RequestEdit,
): string {
  const toolsPath: JsonPath = ['tools'];
  const hasToolsArray = Array.isArray(body.tools);
  const wanted: JsonPath[] = edit.replacements.map((replacement) => replacement.path);
  if (edit.injectRetrievalTool) {
    wanted.push(hasToolsArray ? toolsPath : []);
  }

  const spans = locateValues(text, wanted);
  const patches: Patch[] = edit.replacements.map((replacement) => {
    const span = spans.get(pathKey(replacement.path));
    if (!span) {
      throw new Error(`value not found at ${pathKey(replacement.path)}`);
    }
    return { ...span, replacement: JSON.stringify(replacement.text) };
  });

  if (edit.injectRetrievalTool) {
    patches.push(toolInsertion(text, spans, hasToolsArray, body, format));
  }

  return applyPatches(text, patches);
}

function toolInsertion(
  text: string,
  spans: ReturnType<typeof locateValues>,
  hasToolsArray: boolean,
  body: Record<string, unknown>,
  format: ProviderFormat,
): Patch {
  const definition = retrievalToolDefinition(format);
  const span = spans.get(pathKey(hasToolsArray ? ['tools'] : []));
  if (!span) {
    throw new Error('request root not found');
  }

  // Insert just before the closing bracket or brace, keeping whatever
  // whitespace the client put before it.
  const close = span.end - 1;
  if (hasToolsArray) {
    const empty = (body.tools as unknown[]).length === 0;
    return { start: close, end: close, replacement: empty ? definition : `,${definition}` };
  }

  const empty = Object.keys(body).length === 0 || text.slice(span.start + 1, close).trim() === '';
  const field = `"tools":[${definition}]`;
  return { start: close, end: close, replacement: empty ? field : `,${field}` };
}
