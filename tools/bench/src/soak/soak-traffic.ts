import { HEADERS } from '@headroom/contracts';
import { SeededRandom } from '../random/seeded-random';
import { badRequestCases } from './soak-bad-requests';
import type { SoakCorpus } from './soak-corpus';

export const SOAK_KINDS = [
  'openai-tool',
  'openai-stream',
  'anthropic-tool',
  'anthropic-stream',
  'passthrough',
  'compress',
  'retrieve',
  'bad-request',
] as const;

export type SoakKind = (typeof SOAK_KINDS)[number];

/** How a complete, correct answer looks, beyond its status. */
export type AnswerShape =
  'json' | 'openai-sse' | 'anthropic-sse' | 'compress' | 'retrieve' | 'envelope';

export type SoakRequest = {
  index: number;
  kind: SoakKind;
  /** The kind and its variant, e.g. `openai-tool/json`: the unit status counts are kept in. */
  label: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  expectedStatus: number;
  shape: AnswerShape;
};

// Shares of the mix, out of 100: mostly agent turns with tool output to
// compress, the Headroom API beside them, and a steady trickle of mistakes.
const WEIGHTS: Record<SoakKind, number> = {
  'openai-tool': 26,
  'openai-stream': 10,
  'anthropic-tool': 16,
  'anthropic-stream': 6,
  passthrough: 12,
  compress: 12,
  retrieve: 10,
  'bad-request': 8,
};

// A handful of agent types, each with its own system prompt and tools, on two
// credentials: a gateway serving an organisation sees a few long-lived
// sessions per agent type, plus many short ones that name themselves.
const AGENTS = [
  { prompt: 'You are an SRE agent. Use the tools to investigate incidents.', tool: 'read_log' },
  { prompt: 'You are a coding agent working in a large monorepo.', tool: 'run_command' },
  { prompt: 'You are a research assistant that reads web pages for the user.', tool: 'fetch_page' },
  { prompt: 'You triage GitHub issues and pull requests for a maintainer.', tool: 'github_api' },
  { prompt: 'You audit cloud accounts for misconfigurations.', tool: 'cloud_api' },
  {
    prompt: 'You keep the build green: run tests, read failures, propose fixes.',
    tool: 'run_tests',
  },
] as const;

const CREDENTIALS = ['Bearer sk-soak-team-one-not-real', 'Bearer sk-soak-team-two-not-real'];

const OPENAI_MODEL = 'gpt-4o-mini';
const ANTHROPIC_MODEL = 'claude-sonnet-4-5';
const REUSE_SHARE = 0.2;
const RECENT_OUTPUTS = 64;
const KNOWN_HASHES = 512;
const NAMED_SESSION_SHARE = 0.25;

type ToolOutput = { family: 'json' | 'log' | 'html' | 'tool'; text: string };

/**
 * The soak's request stream: deterministic for a seed (every body is cut
 * from the corpus by a seeded generator), varied so the compression cache
 * answers only the share of repeats a real agent produces. Only the retrieve
 * requests depend on the run: they ask for markers the run has seen so far.
 */
export class SoakTraffic {
  private readonly random: SeededRandom;
  private readonly recent: ToolOutput[] = [];
  private readonly hashes: string[] = [];
  private readonly hashSet = new Set<string>();
  private nextIndex = 0;
  private badCursor = 0;

  constructor(
    private readonly corpus: SoakCorpus,
    readonly seed: number,
  ) {
    this.random = new SeededRandom(seed);
  }

  get knownHashes(): number {
    return this.hashes.length;
  }

  /** Markers seen in a compress answer or in what reached the upstream; retrieve asks for them. */
  rememberHashes(hashes: Iterable<string>): void {
    for (const hash of hashes) {
      if (this.hashSet.has(hash)) continue;
      this.hashSet.add(hash);
      this.hashes.push(hash);
      if (this.hashes.length > KNOWN_HASHES) {
        this.hashSet.delete(this.hashes.shift() as string);
      }
    }
  }

  next(): SoakRequest {
    const index = this.nextIndex++;
    const kind = this.pickKind();

    return { index, ...this.build(kind) };
  }

  private pickKind(): SoakKind {
    let ticket = this.random.next() * 100;
    for (const kind of SOAK_KINDS) {
      ticket -= WEIGHTS[kind];
      if (ticket < 0) return kind;
    }

    return 'passthrough';
  }

  private build(kind: SoakKind): Omit<SoakRequest, 'index'> {
    switch (kind) {
      case 'openai-tool':
        return this.openAITool(false);
      case 'openai-stream':
        return this.openAITool(true);
      case 'anthropic-tool':
        return this.anthropicTool(false);
      case 'anthropic-stream':
        return this.anthropicTool(true);
      case 'passthrough':
        return this.passthrough();
      case 'compress':
        return this.compress();
      case 'retrieve':
        return this.retrieve();
      case 'bad-request':
        return this.badRequest();
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: this.random.pick(CREDENTIALS),
      ...extra,
    };
    if (this.random.chance(NAMED_SESSION_SHARE)) {
      headers[HEADERS.sessionId] = `soak-${this.random.int(0, 99_999)}`;
    }

    return headers;
  }

  private openAITool(stream: boolean): Omit<SoakRequest, 'index'> {
    const output = stream
      ? this.toolOutput(this.random.pick(['log', 'tool'] as const))
      : this.toolOutput(this.random.pick(['json', 'json', 'log', 'log', 'html'] as const));
    const agent = this.random.pick(AGENTS);
    const callId = `call_${this.random.hex(12)}`;
    const body = {
      model: OPENAI_MODEL,
      messages: [
        { role: 'system', content: agent.prompt },
        { role: 'user', content: `Task ${this.random.hex(6)}: look into it and report back.` },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: callId,
              type: 'function',
              function: { name: agent.tool, arguments: '{"target":"the usual place"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: callId, content: output.text },
      ],
      tools: [openAITool(agent.tool)],
      ...(stream ? { stream: true } : {}),
    };

    return {
      kind: stream ? 'openai-stream' : 'openai-tool',
      label: `${stream ? 'openai-stream' : 'openai-tool'}/${output.family}`,
      method: 'POST',
      path: '/v1/chat/completions',
      headers: this.headers(),
      body: JSON.stringify(body),
      expectedStatus: 200,
      shape: stream ? 'openai-sse' : 'json',
    };
  }

  private anthropicTool(stream: boolean): Omit<SoakRequest, 'index'> {
    const output = this.toolOutput(this.random.pick(['tool', 'tool', 'log', 'json'] as const));
    const agent = this.random.pick(AGENTS);
    const toolUseId = `toolu_${this.random.hex(20)}`;
    const body = {
      model: ANTHROPIC_MODEL,
      max_tokens: 1024,
      system: agent.prompt,
      tools: [
        {
          name: agent.tool,
          description: 'Runs the tool on the host.',
          input_schema: { type: 'object', properties: { target: { type: 'string' } } },
        },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: `Task ${this.random.hex(6)}: go.` }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: toolUseId, name: agent.tool, input: { target: 'here' } },
          ],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: toolUseId, content: output.text }],
        },
      ],
      ...(stream ? { stream: true } : {}),
    };
    const { authorization, ...rest } = this.headers({ 'anthropic-version': '2023-06-01' });

    return {
      kind: stream ? 'anthropic-stream' : 'anthropic-tool',
      label: `${stream ? 'anthropic-stream' : 'anthropic-tool'}/${output.family}`,
      method: 'POST',
      path: '/v1/messages',
      headers: { ...rest, 'x-api-key': authorization.replace('Bearer ', '') },
      body: JSON.stringify(body),
      expectedStatus: 200,
      shape: stream ? 'anthropic-sse' : 'json',
    };
  }

  private passthrough(): Omit<SoakRequest, 'index'> {
    const variant = this.random.pick(['chat', 'chat', 'bypass', 'models', 'count-tokens'] as const);
    const chat = JSON.stringify({
      model: OPENAI_MODEL,
      messages: [
        { role: 'system', content: this.random.pick(AGENTS).prompt },
        { role: 'user', content: `Summarise ticket ${this.random.hex(8)} in two sentences.` },
      ],
      max_tokens: 200,
    });
    const base = {
      kind: 'passthrough' as const,
      label: `passthrough/${variant}`,
      expectedStatus: 200,
    };

    switch (variant) {
      case 'chat':
        return {
          ...base,
          method: 'POST',
          path: '/v1/chat/completions',
          headers: this.headers(),
          body: chat,
          shape: 'json',
        };
      case 'bypass':
        return {
          ...base,
          method: 'POST',
          path: '/v1/chat/completions',
          headers: this.headers({ [HEADERS.mode]: 'passthrough' }),
          body: chat,
          shape: 'json',
        };
      case 'models':
        return {
          ...base,
          method: 'GET',
          path: '/v1/models',
          headers: { authorization: CREDENTIALS[0] },
          shape: 'json',
        };
      case 'count-tokens':
        return {
          ...base,
          method: 'POST',
          path: '/v1/messages/count_tokens',
          headers: {
            'content-type': 'application/json',
            'x-api-key': 'sk-soak-not-real',
            'anthropic-version': '2023-06-01',
          },
          body: JSON.stringify({
            model: ANTHROPIC_MODEL,
            messages: [{ role: 'user', content: `How long is ticket ${this.random.hex(8)}?` }],
          }),
          shape: 'json',
        };
    }
  }

  private compress(): Omit<SoakRequest, 'index'> {
    const output = this.toolOutput(this.random.pick(['json', 'log', 'tool'] as const));
    const body = {
      model: OPENAI_MODEL,
      messages: [
        { role: 'user', content: 'What went wrong?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_c', type: 'function', function: { name: 'read', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_c', content: output.text },
      ],
      config: { ccr: true },
    };

    return {
      kind: 'compress',
      label: `compress/${output.family}`,
      method: 'POST',
      path: '/v1/compress',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      expectedStatus: 200,
      shape: 'compress',
    };
  }

  private retrieve(): Omit<SoakRequest, 'index'> {
    if (this.hashes.length === 0) {
      return {
        kind: 'retrieve',
        label: 'retrieve/stats',
        method: 'GET',
        path: '/v1/retrieve/stats',
        headers: {},
        expectedStatus: 200,
        shape: 'json',
      };
    }

    const hash = this.random.pick(this.hashes);
    if (this.random.chance(0.5)) {
      return {
        kind: 'retrieve',
        label: 'retrieve/get',
        method: 'GET',
        path: `/v1/retrieve/${hash}`,
        headers: {},
        expectedStatus: 200,
        shape: 'retrieve',
      };
    }

    return {
      kind: 'retrieve',
      label: 'retrieve/post',
      method: 'POST',
      path: '/v1/retrieve',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hash }),
      expectedStatus: 200,
      shape: 'retrieve',
    };
  }

  private badRequest(): Omit<SoakRequest, 'index'> {
    const cases = badRequestCases(this.random, CREDENTIALS[0], OPENAI_MODEL);
    const chosen = cases[this.badCursor++ % cases.length];

    return { ...chosen, kind: 'bad-request', shape: 'envelope' };
  }

  private toolOutput(family: ToolOutput['family']): ToolOutput {
    if (this.recent.length > 0 && this.random.chance(REUSE_SHARE)) {
      const again = this.recent.filter((output) => output.family === family);
      if (again.length > 0) return this.random.pick(again);
    }

    const output = { family, text: this.freshText(family) };
    this.recent.push(output);
    if (this.recent.length > RECENT_OUTPUTS) this.recent.shift();

    return output;
  }

  private freshText(family: ToolOutput['family']): string {
    const tag = this.random.hex(12);

    switch (family) {
      case 'json':
        return JSON.stringify(this.jsonVariant(this.random.pick(this.corpus.json), tag), null, 2);
      case 'log': {
        const lines = this.random.pick(this.corpus.logs);
        const count = this.random.int(150, 700);
        const start = this.random.int(0, Math.max(0, lines.length - count));

        return lines.slice(start, start + count).join('\n');
      }
      case 'html':
        return `<!-- fetched ${tag} -->\n${this.random.pick(this.corpus.html)}`;
      case 'tool':
        return `$ run ${tag}\n${this.random.pick(this.corpus.toolOutputs)}`;
    }
  }

  // A different response of the same API: the records rotated and cut, or
  // the object with a fresh request id, so its content key is new.
  private jsonVariant(value: unknown, tag: string): unknown {
    if (Array.isArray(value) && value.length > 1) {
      const offset = this.random.int(0, value.length - 1);
      const rotated = [...value.slice(offset), ...value.slice(0, offset)];

      return rotated.slice(0, this.random.int(Math.ceil(value.length / 2), value.length));
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return { request_id: tag, ...(value as Record<string, unknown>) };
    }

    return { request_id: tag, value };
  }
}

function openAITool(name: string): Record<string, unknown> {
  return {
    type: 'function',
    function: {
      name,
      description: 'Runs the tool on the host.',
      parameters: { type: 'object', properties: { target: { type: 'string' } } },
    },
  };
}
