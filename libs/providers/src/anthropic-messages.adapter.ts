import { RETRIEVAL_TOOL_NAME } from '@headroom/contracts';
import {
  lastIndexWhere,
  type CompressibleUnit,
  type JsonObject,
  type RequestView,
  type ToolCallFacts,
  asArray,
  isObject,
  textUnits,
} from './request-view';
import { toolCallFacts } from './tool-call-facts';

/**
 * Anthropic Messages. Live zone: the text of `tool_result` blocks that are not
 * errors. The top-level `system`, `tools`, `tool_use` inputs, thinking blocks,
 * images and documents are never touched.
 */
export function inspectAnthropicMessages(body: JsonObject): RequestView {
  const messages = asArray(body.messages);
  const toolCalls = toolUses(messages);
  const units: CompressibleUnit[] = [];
  let query = '';

  messages.forEach((message, messageIndex) => {
    if (!isObject(message) || message.role !== 'user') return;

    const blocks = asArray(message.content);
    const text = typeof message.content === 'string' ? message.content : userText(blocks);
    query = text || query;

    blocks.forEach((block, blockIndex) => {
      if (!isObject(block) || block.type !== 'tool_result' || block.is_error === true) return;

      const call =
        typeof block.tool_use_id === 'string' ? toolCalls.get(block.tool_use_id) : undefined;
      const path = ['messages', messageIndex, 'content', blockIndex, 'content'];
      units.push(...textUnits(block.content, path, call));
    });
  });

  const toolChoice = isObject(body.tool_choice) ? body.tool_choice.type : undefined;

  return {
    format: 'anthropic-messages',
    model: typeof body.model === 'string' ? body.model : undefined,
    stream: body.stream === true,
    query,
    units,
    hasClientTools: asArray(body.tools).length > 0,
    declaresRetrievalTool: asArray(body.tools).some(
      (tool) => isObject(tool) && tool.name === RETRIEVAL_TOOL_NAME,
    ),
    canCallTools: toolChoice !== 'none',
    countedFields: ['system', 'messages', 'tools'],
    headFields: ['system', 'tools'],
    conversationField: 'messages',
    conversationLength: messages.length,
    // Anthropic caches only behind explicit breakpoints; the previous request
    // ended before the newest assistant turn.
    presumedCachedItems: usesPromptCache(body)
      ? Math.max(
          0,
          lastIndexWhere(messages, (m) => isObject(m) && m.role === 'assistant'),
        )
      : 0,
    system: textUnits(body.system, ['system'], undefined),
  };
}

function userText(blocks: unknown[]): string {
  return blocks
    .map((block) => (isObject(block) && block.type === 'text' ? String(block.text ?? '') : ''))
    .filter((text) => text.length > 0)
    .join('\n');
}

/** Each `tool_use` by id: its name and the file its `input` object names. */
function toolUses(messages: unknown[]): Map<string, ToolCallFacts> {
  const calls = new Map<string, ToolCallFacts>();

  for (const message of messages) {
    if (!isObject(message)) continue;
    for (const block of asArray(message.content)) {
      if (isObject(block) && block.type === 'tool_use' && typeof block.id === 'string') {
        calls.set(
          block.id,
          toolCallFacts(block.name, isObject(block.input) ? block.input : undefined),
        );
      }
    }
  }

  return calls;
}

/** A `cache_control` breakpoint on a system block, a tool, or any message block. */
function usesPromptCache(body: JsonObject): boolean {
  const marked = (value: unknown) => isObject(value) && isObject(value.cache_control);
  const blocks = asArray(body.messages).flatMap((message) =>
    isObject(message) ? asArray(message.content) : [],
  );

  return [...asArray(body.system), ...asArray(body.tools), ...blocks].some(marked);
}
