import { filesUnder, nameIn, readText } from './corpus-directory';
import type { BenchInput } from '../compression/compression-scenario';

// What the pipeline ignores anyway (PIPELINE_DEFAULTS.minChars): counting
// those would only dilute the family with zero-cost, zero-gain blocks.
const MIN_CHARS = 1_200;

type Block = { type?: unknown; text?: unknown; content?: unknown };

/**
 * The tool outputs of the recorded agent sessions: `tool_result` blocks of the
 * Claude Code bodies and `observation`s of the SWE-agent trajectories.
 */
export function agentToolOutputs(root: string): BenchInput[] {
  const inputs: BenchInput[] = [];
  const sessions = filesUnder(`${root}/agent`, (path) => path.endsWith('.messages.json'));
  const trajectories = filesUnder(`${root}/agent`, (path) => path.endsWith('.traj'));

  for (const path of sessions) {
    const body = JSON.parse(readText(path)) as { messages?: Array<{ content?: unknown }> };
    const texts = (body.messages ?? []).flatMap((message) => toolResultTexts(message.content));
    texts.forEach((text, index) => inputs.push({ name: `${nameIn(root, path)}#${index}`, text }));
  }

  for (const path of trajectories) {
    const trajectory = (
      JSON.parse(readText(path)) as { trajectory?: Array<{ observation?: unknown }> }
    ).trajectory;
    (trajectory ?? []).forEach((step, index) => {
      if (typeof step.observation === 'string') {
        inputs.push({ name: `${nameIn(root, path)}#${index}`, text: step.observation });
      }
    });
  }

  return inputs.filter((input) => input.text.length >= MIN_CHARS);
}

function toolResultTexts(content: unknown): string[] {
  if (!Array.isArray(content)) {
    return [];
  }

  return (content as Block[])
    .filter((block) => block.type === 'tool_result')
    .map((block) => blockText(block.content))
    .filter((text) => text !== '');
}

function blockText(content: unknown): string {
  if (typeof content === 'string') {
    return content;
  }
  if (!Array.isArray(content)) {
    return '';
  }

  return (content as Block[])
    .map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .join('\n');
}
