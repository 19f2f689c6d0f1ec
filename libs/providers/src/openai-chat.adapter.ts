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

/**
 * OpenAI Chat Completions. Live zone: the content of `role: "tool"` (and the
 * legacy `function`) messages. System, user and assistant messages, tool-call
 * arguments and images are never touched.
 */
export function inspectOpenAiChat(body: JsonObject): RequestView {
  const messages = asArray(body.messages);
  const toolCalls = toolCallsById(messages);
  const units: CompressibleUnit[] = [];
  let query = '';

  messages.forEach((message, index) => {
    if (!isObject(message)) return;

    if (message.role === 'user') {
      query = textOf(message.content) || query;
      return;
    }
    if (message.role !== 'tool' && message.role !== 'function') return;

    // The legacy `function` role names its function and no call to look up.
    const call =
      typeof message.tool_call_id === 'string'
        ? toolCalls.get(message.tool_call_id)
        : typeof message.name === 'string'
          ? { toolName: message.name }
          : undefined;
    units.push(...textUnits(message.content, ['messages', index, 'content'], call));
  });

  return {
    format: 'openai-chat',
    model: typeof body.model === 'string' ? body.model : undefined,
    stream: body.stream === true,
    query,
    units,
    hasClientTools: asArray(body.tools).length > 0,
    declaresRetrievalTool: asArray(body.tools).some(
      (tool) =>
        isObject(tool) && isObject(tool.function) && tool.function.name === RETRIEVAL_TOOL_NAME,
    ),
    canCallTools: body.tool_choice !== 'none',
    countedFields: ['messages', 'tools'],
    headFields: ['tools'],
    conversationField: 'messages',
    conversationLength: messages.length,
    presumedCachedItems: Math.max(
      0,
      lastIndexWhere(messages, (m) => isObject(m) && m.role === 'assistant'),
    ),
    system: leadingSystem(messages),
  };
}

/** Each `tool_calls` entry by id: its name and the file its `arguments` string names. */
function toolCallsById(messages: unknown[]): Map<string, ToolCallFacts> {
  const calls = new Map<string, ToolCallFacts>();

  for (const message of messages) {
    if (!isObject(message)) continue;
    for (const call of asArray(message.tool_calls)) {
      if (isObject(call) && typeof call.id === 'string' && isObject(call.function)) {
        const args = parseToolArguments(call.function.arguments);
        calls.set(call.id, toolCallFacts(call.function.name, args));
      }
    }
  }

  return calls;
}

/** String contents of the system and developer messages that open the conversation. */
function leadingSystem(messages: unknown[]): CompressibleUnit[] {
  const units: CompressibleUnit[] = [];

  for (const [index, message] of messages.entries()) {
    if (!isObject(message) || (message.role !== 'system' && message.role !== 'developer')) break;
    units.push(...textUnits(message.content, ['messages', index, 'content'], undefined));
  }

  return units;
}
