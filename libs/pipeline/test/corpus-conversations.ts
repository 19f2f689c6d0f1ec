import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Agent conversations from the shared corpus, as turn-by-turn request bodies. */
export const CORPUS_DIR =
  process.env.HEADROOM_CORPUS_DIR ?? join(__dirname, '../../../../shared/corpus');

type Block = Record<string, unknown>;
type AnthropicMessage = { role: 'user' | 'assistant'; content: string | Block[] };

export const SYSTEM_PROMPT =
  'You are a coding agent working in a git repository. Use the tools to read, search and ' +
  'edit files and to run commands. Keep answers short.';

export const TOOL_NAMES = ['Bash', 'Read', 'Edit', 'Write', 'Grep', 'Glob', 'Task', 'WebFetch'];

export function claudeCodeConversations(): { name: string; messages: AnthropicMessage[] }[] {
  const root = join(CORPUS_DIR, 'agent', 'claude-code');
  if (!existsSync(root)) {
    throw new Error(`corpus not found at ${root}; set HEADROOM_CORPUS_DIR`);
  }

  return readdirSync(root)
    .filter((name) => existsSync(join(root, name, `${name}.messages.json`)))
    .sort()
    .map((name) => {
      const body = JSON.parse(readFileSync(join(root, name, `${name}.messages.json`), 'utf8')) as {
        messages: AnthropicMessage[];
      };
      return { name, messages: body.messages };
    });
}

/** Every request the agent made: the history up to each point where the model answered. */
export function turnsOf<T extends { role: string }>(messages: T[]): T[][] {
  const turns: T[][] = [];
  messages.forEach((message, index) => {
    const next = messages[index + 1];
    if (message.role !== 'assistant' && (next === undefined || next.role === 'assistant')) {
      turns.push(messages.slice(0, index + 1));
    }
  });

  return turns;
}

export function anthropicRequest(messages: AnthropicMessage[]): string {
  return JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 4096,
    system: [{ type: 'text', text: SYSTEM_PROMPT, cache_control: { type: 'ephemeral' } }],
    tools: TOOL_NAMES.map((name) => ({
      name,
      description: `The ${name} tool.`,
      input_schema: { type: 'object', properties: {} },
    })),
    messages,
  });
}

type ChatMessage = { role: string } & Record<string, unknown>;

/** The same conversation in Chat Completions shape: tool results become tool messages. */
export function toChatMessages(messages: AnthropicMessage[]): ChatMessage[] {
  const chat: ChatMessage[] = [{ role: 'system', content: SYSTEM_PROMPT }];

  for (const message of messages) {
    const blocks =
      typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : message.content;
    const text = blocks
      .filter((block) => block.type === 'text')
      .map((block) => String(block.text))
      .join('\n');

    if (message.role === 'assistant') {
      const calls = blocks
        .filter((block) => block.type === 'tool_use')
        .map((block) => ({
          id: String(block.id),
          type: 'function',
          function: { name: String(block.name), arguments: JSON.stringify(block.input ?? {}) },
        }));
      chat.push({
        role: 'assistant',
        content: text || null,
        ...(calls.length ? { tool_calls: calls } : {}),
      });
      continue;
    }

    for (const block of blocks.filter((b) => b.type === 'tool_result')) {
      chat.push({
        role: 'tool',
        tool_call_id: String(block.tool_use_id),
        content: resultText(block.content),
      });
    }
    if (text) chat.push({ role: 'user', content: text });
  }

  return chat;
}

export function chatRequest(messages: ChatMessage[]): string {
  return JSON.stringify({
    model: 'gpt-4o',
    tools: TOOL_NAMES.map((name) => ({
      type: 'function',
      function: {
        name,
        description: `The ${name} tool.`,
        parameters: { type: 'object', properties: {} },
      },
    })),
    messages,
  });
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return JSON.stringify(content ?? '');

  return content
    .map((block: Block) => (block.type === 'text' ? String(block.text) : JSON.stringify(block)))
    .join('\n');
}
