import { RETRIEVAL_TOOL_NAME } from '@headroom/contracts';
import {
  lastIndexWhere,
  type CompressibleUnit,
  type JsonObject,
  type RequestView,
  type ToolCallFacts,
  asArray,
  isObject,
  textOf,
  textUnits,
} from './request-view';
import { parseToolArguments, toolCallFacts } from './tool-call-facts';

const OUTPUT_ITEM_TYPES = new Set([
  'function_call_output',
  'custom_tool_call_output',
  'local_shell_call_output',
]);

/**
 * OpenAI Responses. Live zone: the `output` of tool-output input items.
 * `instructions`, messages, reasoning, compaction and encrypted items are
 * never touched.
 */
export function inspectOpenAiResponses(body: JsonObject): RequestView {
  const items = asArray(body.input);
  const calls = callsById(items);
  const units: CompressibleUnit[] = [];
  let query = typeof body.input === 'string' ? body.input : '';

  items.forEach((item, index) => {
    if (!isObject(item)) return;

    if (item.role === 'user' && (item.type === undefined || item.type === 'message')) {
      query = textOf(item.content) || query;
      return;
    }
    if (typeof item.type !== 'string' || !OUTPUT_ITEM_TYPES.has(item.type)) return;

    const call = typeof item.call_id === 'string' ? calls.get(item.call_id) : undefined;
    units.push(...textUnits(item.output, ['input', index, 'output'], call, 'input_text'));
  });

  return {
    format: 'openai-responses',
    model: typeof body.model === 'string' ? body.model : undefined,
    stream: body.stream === true,
    query,
    units,
    hasClientTools: asArray(body.tools).length > 0,
    declaresRetrievalTool: asArray(body.tools).some(
      (tool) => isObject(tool) && tool.name === RETRIEVAL_TOOL_NAME,
    ),
    canCallTools: body.tool_choice !== 'none',
    countedFields: ['instructions', 'input', 'tools'],
    headFields: ['instructions', 'tools'],
    conversationField: 'input',
    conversationLength: items.length,
    presumedCachedItems: Math.max(
      0,
      lastIndexWhere(
        items,
        (item) => isObject(item) && (item.role === 'assistant' || item.type === 'function_call'),
      ),
    ),
    system:
      typeof body.instructions === 'string'
        ? [{ path: ['instructions'], text: body.instructions }]
        : [],
  };
}

/**
 * Each named call by `call_id`. Only a `function_call`'s `arguments` are JSON
 * that may name a file; a custom tool's `input` is free text.
 */
function callsById(items: unknown[]): Map<string, ToolCallFacts> {
  const calls = new Map<string, ToolCallFacts>();

  for (const item of items) {
    if (isObject(item) && typeof item.call_id === 'string' && typeof item.name === 'string') {
      const args = item.type === 'function_call' ? parseToolArguments(item.arguments) : undefined;
      calls.set(item.call_id, toolCallFacts(item.name, args));
    }
  }

  return calls;
}
