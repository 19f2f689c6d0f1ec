import { RETRIEVAL_TOOL_NAME } from '@headroom/contracts';
import type { JsonObject } from '../request-view';
import {
  type CompletedRound,
  type RetrievalAnswer,
  type RetrievalProtocol,
  type StreamSplicer,
  hashFromArguments,
  isJsonObject,
} from './retrieval-protocol';
import { type SseEvent, formatSse, parseData } from './sse';
import { sumUsage } from './usage-sum';

type ToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };

const isRetrievalCall = (call: unknown): boolean =>
  isJsonObject(call) && isJsonObject(call.function) && call.function.name === RETRIEVAL_TOOL_NAME;

function firstChoice(response: JsonObject): JsonObject | undefined {
  const choices = Array.isArray(response.choices) ? response.choices : [];
  return isJsonObject(choices[0]) ? choices[0] : undefined;
}

function roundFrom(content: unknown, toolCalls: unknown[]): CompletedRound | null {
  const calls = toolCalls.filter(isRetrievalCall).map((call) => {
    const { id, function: fn } = call as ToolCall;
    return { id: String(id), hash: hashFromArguments(fn.arguments) };
  });
  if (calls.length === 0) return null;

  return {
    calls,
    mixed: calls.length < toolCalls.length,
    assistant: [{ role: 'assistant', content: content ?? null, tool_calls: toolCalls }],
  };
}

export const openAiChatRetrieval: RetrievalProtocol = {
  conversationPath: 'messages',

  readRound(response) {
    const message = firstChoice(response)?.message;
    if (!isJsonObject(message) || !Array.isArray(message.tool_calls)) return null;

    return roundFrom(message.content, message.tool_calls);
  },

  stripCalls(response) {
    const choices = (Array.isArray(response.choices) ? response.choices : []).map((choice) => {
      if (!isJsonObject(choice) || !isJsonObject(choice.message)) return choice;

      const message = { ...choice.message };
      const remaining = (Array.isArray(message.tool_calls) ? message.tool_calls : []).filter(
        (call) => !isRetrievalCall(call),
      );
      if (remaining.length > 0)
        return { ...choice, message: { ...message, tool_calls: remaining } };

      delete message.tool_calls;
      const finishReason = choice.finish_reason === 'tool_calls' ? 'stop' : choice.finish_reason;
      return { ...choice, message, finish_reason: finishReason };
    });

    return { ...response, choices };
  },

  continuationItems(round: CompletedRound, answers: RetrievalAnswer[]) {
    const results = answers.map((answer) => ({
      role: 'tool',
      tool_call_id: answer.id,
      content: answer.content,
    }));

    return [...round.assistant, ...results];
  },

  createSplicer: () => new OpenAiChatSplicer(),
};

type CallState = { call: ToolCall; held: boolean; clientIndex: number };

/**
 * Chat Completions chunks: tool calls arrive as indexed deltas, the name in the
 * first one. Retrieval calls are dropped from the deltas, the client's own are
 * renumbered, and the finish chunk, usage chunk and `[DONE]` wait for the end.
 */
class OpenAiChatSplicer implements StreamSplicer {
  private round = 0;
  private streamId: unknown;
  private calls = new Map<number, CallState>();
  private visibleCalls = 0;
  private text = '';
  private held: JsonObject[] = [];
  private done = false;
  private lastRound: CompletedRound | null = null;
  /** The usage chunk of each round before the last (BL-23). */
  private earlierUsage: unknown[] = [];

  push(event: SseEvent): string[] {
    if (event.data.trim() === '[DONE]') {
      this.done = true;
      return [];
    }

    const chunk = parseData(event);
    if (!chunk) return [event.raw];

    const choice = firstChoice(chunk);
    if (!choice) {
      this.held.push(chunk);
      return [];
    }

    this.streamId ??= chunk.id;
    const delta = isJsonObject(choice.delta) ? { ...choice.delta } : {};
    const changed = this.filterDelta(delta);
    const rewritten = this.round > 0 || changed;
    const next = { ...chunk, id: this.streamId, choices: [{ ...choice, delta }] };

    if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
      this.held.push(next);
      return [];
    }
    if (changed && Object.keys(delta).length === 0) return [];

    return [rewritten ? formatSse(undefined, next) : event.raw];
  }

  endRound(): CompletedRound | null {
    const ordered = [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, s]) => s.call);
    this.lastRound = roundFrom(this.text || null, ordered);

    return this.lastRound;
  }

  beginRound(): void {
    this.earlierUsage.push(roundUsage(this.held));
    this.round += 1;
    this.calls = new Map();
    this.text = '';
    this.held = [];
    this.done = false;
  }

  finish(): string[] {
    const onlyRetrieval = this.lastRound !== null && !this.lastRound.mixed;
    const events = this.held.map((held) => {
      const chunk = this.withAllUsage(held);
      const choice = firstChoice(chunk);
      if (!onlyRetrieval || !choice || choice.finish_reason !== 'tool_calls') {
        return formatSse(undefined, chunk);
      }
      return formatSse(undefined, { ...chunk, choices: [{ ...choice, finish_reason: 'stop' }] });
    });

    return this.done ? [...events, 'data: [DONE]\n\n'] : events;
  }

  /**
   * The client's usage chunk (sent only with `stream_options.include_usage`)
   * reports every round, not just the last; chunks without usage are as they
   * were.
   */
  private withAllUsage(chunk: JsonObject): JsonObject {
    if (this.earlierUsage.length === 0 || !isJsonObject(chunk.usage)) return chunk;

    return { ...chunk, usage: sumUsage([...this.earlierUsage, chunk.usage]) };
  }

  /** Drops retrieval deltas and renumbers the rest; true when the delta changed. */
  private filterDelta(delta: JsonObject): boolean {
    let changed = false;
    if (this.round > 0 && 'role' in delta) {
      delete delta.role;
      changed = true;
    }
    if (typeof delta.content === 'string') this.text += delta.content;
    if (!Array.isArray(delta.tool_calls)) return changed;

    const visible: JsonObject[] = [];
    for (const part of delta.tool_calls) {
      if (!isJsonObject(part)) continue;
      const state = this.track(part);
      if (state.held) continue;
      visible.push(state.clientIndex === part.index ? part : { ...part, index: state.clientIndex });
    }

    const untouched =
      visible.length === delta.tool_calls.length &&
      visible.every((v, i) => v === (delta.tool_calls as unknown[])[i]);
    if (visible.length === 0) delete delta.tool_calls;
    else delta.tool_calls = visible;

    return changed || !untouched;
  }

  private track(part: JsonObject): CallState {
    const index = Number(part.index ?? 0);
    const fn = isJsonObject(part.function) ? part.function : {};
    let state = this.calls.get(index);

    if (!state) {
      const name = typeof fn.name === 'string' ? fn.name : '';
      const held = name === RETRIEVAL_TOOL_NAME;
      state = {
        call: { id: String(part.id ?? ''), type: 'function', function: { name, arguments: '' } },
        held,
        clientIndex: held ? -1 : this.visibleCalls,
      };
      if (!held) this.visibleCalls += 1;
      this.calls.set(index, state);
    }
    if (typeof fn.arguments === 'string') state.call.function.arguments += fn.arguments;

    return state;
  }
}

/** A round's usage: its last held chunk that carries a usage object. */
function roundUsage(held: readonly JsonObject[]): unknown {
  return held.findLast((chunk) => isJsonObject(chunk.usage))?.usage;
}
