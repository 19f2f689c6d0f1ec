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

const isRetrievalUse = (block: unknown): boolean =>
  isJsonObject(block) && block.type === 'tool_use' && block.name === RETRIEVAL_TOOL_NAME;

const isClientToolUse = (block: unknown): boolean =>
  isJsonObject(block) && block.type === 'tool_use' && block.name !== RETRIEVAL_TOOL_NAME;

function roundFrom(content: unknown[]): CompletedRound | null {
  const calls = content.filter(isRetrievalUse).map((block) => {
    const use = block as JsonObject;
    return { id: String(use.id), hash: hashFromArguments(use.input) };
  });

  return calls.length === 0
    ? null
    : { calls, mixed: content.some(isClientToolUse), assistant: [{ role: 'assistant', content }] };
}

export const anthropicRetrieval: RetrievalProtocol = {
  conversationPath: 'messages',

  readRound(response) {
    return roundFrom(Array.isArray(response.content) ? response.content : []);
  },

  stripCalls(response) {
    const content = (Array.isArray(response.content) ? response.content : []).filter(
      (block) => !isRetrievalUse(block),
    );
    const stillCalling = content.some(isClientToolUse);

    return {
      ...response,
      content,
      stop_reason:
        response.stop_reason === 'tool_use' && !stillCalling ? 'end_turn' : response.stop_reason,
    };
  },

  continuationItems(round: CompletedRound, answers: RetrievalAnswer[]) {
    const results = answers.map((answer) => ({
      type: 'tool_result',
      tool_use_id: answer.id,
      content: answer.content,
    }));

    return [...round.assistant, { role: 'user', content: results }];
  },

  createSplicer: () => new AnthropicSplicer(),
};

type BlockState = { block: JsonObject; held: boolean; clientIndex: number; partialJson: string };

/**
 * Anthropic SSE: `message_start`, content blocks by index, then
 * `message_delta` and `message_stop`. Retrieval `tool_use` blocks are held back;
 * the stop events wait until we know whether another round follows.
 */
class AnthropicSplicer implements StreamSplicer {
  private round = 0;
  private nextClientIndex = 0;
  private blocks = new Map<number, BlockState>();
  private heldDelta: JsonObject | undefined;
  private heldStop: string | undefined;
  private lastRound: CompletedRound | null = null;
  private startUsage: unknown;
  /** The usage of each round before the last (BL-23). */
  private earlierUsage: unknown[] = [];

  push(event: SseEvent): string[] {
    const data = parseData(event);
    const type = data?.type;
    if (!data || typeof type !== 'string') return [event.raw];

    switch (type) {
      case 'message_start':
        this.startUsage = isJsonObject(data.message) ? data.message.usage : undefined;
        return this.round === 0 ? [event.raw] : [];
      case 'content_block_start':
        return this.startBlock(event, data);
      case 'content_block_delta':
      case 'content_block_stop':
        return this.continueBlock(event, data);
      case 'message_delta':
        this.heldDelta = data;
        return [];
      case 'message_stop':
        this.heldStop = event.raw;
        return [];
      default:
        return [event.raw];
    }
  }

  endRound(): CompletedRound | null {
    const content = [...this.blocks.entries()]
      .sort(([left], [right]) => left - right)
      .map(([, state]) => finishBlock(state));
    this.lastRound = roundFrom(content);

    return this.lastRound;
  }

  beginRound(): void {
    this.earlierUsage.push(this.roundUsage());
    this.startUsage = undefined;
    this.round += 1;
    this.blocks = new Map();
    this.heldDelta = undefined;
    this.heldStop = undefined;
  }

  finish(): string[] {
    const events: string[] = [];

    if (this.heldDelta) {
      const delta = isJsonObject(this.heldDelta.delta) ? this.heldDelta.delta : {};
      const onlyRetrieval = this.lastRound !== null && !this.lastRound.mixed;
      const fixed =
        onlyRetrieval && delta.stop_reason === 'tool_use'
          ? { ...this.heldDelta, delta: { ...delta, stop_reason: 'end_turn' } }
          : this.heldDelta;
      events.push(formatSse('message_delta', this.withAllUsage(fixed)));
    }
    if (this.heldStop) events.push(this.heldStop);

    return events;
  }

  /**
   * A round's usage: `message_start` reports the input, the round's
   * `message_delta` the cumulative counts, which win where both report one.
   */
  private roundUsage(): JsonObject | undefined {
    const start = isJsonObject(this.startUsage) ? this.startUsage : undefined;
    const final = this.heldDelta?.usage;
    if (!isJsonObject(final)) return start;

    const merged: JsonObject = { ...start };
    for (const [key, value] of Object.entries(final)) {
      if (value !== null || !(key in merged)) merged[key] = value;
    }

    return merged;
  }

  /**
   * The last `message_delta` reports every round. `message_start` went out
   * with the first round's input before later rounds existed, so the input
   * counters the rounds reported (input, cache writes, cache reads) travel in
   * this delta too, where the API and its SDKs read cumulative usage; its own
   * fields keep their order, and nothing a round did not report is added.
   */
  private withAllUsage(delta: JsonObject): JsonObject {
    if (this.earlierUsage.length === 0 || !isJsonObject(delta.usage)) return delta;

    const summed = sumUsage([...this.earlierUsage, this.roundUsage()]) ?? {};
    const usage: JsonObject = {};
    for (const key of Object.keys(delta.usage)) usage[key] = summed[key];
    for (const [key, value] of Object.entries(summed)) {
      if (!(key in usage) && typeof value === 'number') usage[key] = value;
    }

    return { ...delta, usage };
  }

  private startBlock(event: SseEvent, data: JsonObject): string[] {
    const index = Number(data.index);
    const block = isJsonObject(data.content_block) ? { ...data.content_block } : {};
    const held = isRetrievalUse(block);
    const state = { block, held, clientIndex: held ? -1 : this.nextClientIndex, partialJson: '' };
    this.blocks.set(index, state);
    if (held) return [];

    this.nextClientIndex += 1;
    return [reindexed(event, data, state.clientIndex)];
  }

  private continueBlock(event: SseEvent, data: JsonObject): string[] {
    const state = this.blocks.get(Number(data.index));
    if (!state) return [event.raw];

    if (data.type === 'content_block_delta' && isJsonObject(data.delta)) {
      accumulate(state, data.delta);
    }

    return state.held ? [] : [reindexed(event, data, state.clientIndex)];
  }
}

function reindexed(event: SseEvent, data: JsonObject, clientIndex: number): string {
  return Number(data.index) === clientIndex
    ? event.raw
    : formatSse(event.event, { ...data, index: clientIndex });
}

function accumulate(state: BlockState, delta: JsonObject): void {
  const block = state.block;

  switch (delta.type) {
    case 'text_delta':
      block.text = String(block.text ?? '') + String(delta.text ?? '');
      break;
    case 'input_json_delta':
      state.partialJson += String(delta.partial_json ?? '');
      break;
    case 'thinking_delta':
      block.thinking = String(block.thinking ?? '') + String(delta.thinking ?? '');
      break;
    case 'signature_delta':
      block.signature = String(delta.signature ?? '');
      break;
    default:
      break;
  }
}

function finishBlock(state: BlockState): JsonObject {
  if (state.block.type !== 'tool_use' && state.block.type !== 'server_tool_use') {
    return state.block;
  }

  let input: unknown = state.block.input ?? {};
  if (state.partialJson) {
    try {
      input = JSON.parse(state.partialJson);
    } catch {
      input = state.partialJson;
    }
  }

  return { ...state.block, input };
}
