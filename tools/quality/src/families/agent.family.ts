import { listFiles, readText } from '../corpus-files';
import { toolOutputFidelity } from '../fidelity/tool-output-needles';
import type { QualityCase, QualityFamily } from '../quality.types';

const MIN_OUTPUT_CHARS = 1024;

type Block = { type?: string; text?: string; content?: unknown };
type Message = { role?: string; content?: unknown };

/**
 * Tool outputs inside real agent sessions: Anthropic `tool_result` blocks of
 * Claude Code sessions and SWE-agent observations, each with the newest user
 * text before it as the question.
 */
export const agentFamily: QualityFamily = {
  name: 'agent',
  cases: (corpus) => [
    ...listFiles(corpus, 'agent/claude-code', (path) => path.endsWith('.messages.json')).flatMap(
      (path) => claudeCodeOutputs(path, readText(corpus, path)),
    ),
    ...listFiles(corpus, 'agent/swe-agent', (path) => path.endsWith('.traj')).flatMap((path) =>
      sweAgentOutputs(path, readText(corpus, path)),
    ),
  ],
  fidelity: (input, output, kind) => toolOutputFidelity(input.text, output, kind),
};

function claudeCodeOutputs(path: string, text: string): QualityCase[] {
  const messages = (JSON.parse(text) as { messages: Message[] }).messages;
  const cases: QualityCase[] = [];
  let query = '';
  messages.forEach((message, index) => {
    const blocks = Array.isArray(message.content) ? (message.content as Block[]) : [];
    if (typeof message.content === 'string' && message.role === 'user') {
      query = message.content;
    }
    blocks.forEach((block, position) => {
      if (block.type === 'text' && message.role === 'user' && block.text) {
        query = block.text;
      } else if (block.type === 'tool_result') {
        const output = resultText(block.content);
        if (output.length >= MIN_OUTPUT_CHARS) {
          cases.push({ name: `${path}#${index}.${position}`, text: output, query });
        }
      }
    });
  });

  return cases;
}

function resultText(content: unknown): string {
  if (typeof content === 'string') {
    return content;
  }

  return Array.isArray(content)
    ? (content as Block[]).map((block) => block.text ?? '').join('\n')
    : '';
}

function sweAgentOutputs(path: string, text: string): QualityCase[] {
  const trajectory =
    (JSON.parse(text) as { trajectory?: { observation?: string }[] }).trajectory ?? [];

  return trajectory
    .map((step, index) => ({ name: `${path}#${index}`, text: step.observation ?? '', query: '' }))
    .filter((entry) => entry.text.length >= MIN_OUTPUT_CHARS);
}
