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

const CALL_TYPES = new Set(['function_call', 'custom_tool_call', 'local_shell_call']);
const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

const isRetrievalItem = (item: unknown): boolean =>
  isJsonObject(item) && item.type === 'function_call' && item.name === RETRIEVAL_TOOL_NAME;

const isClientCall = (item: unknown): boolean =>
  isJsonObject(item) &&
  typeof item.type === 'string' &&
  CALL_TYPES.has(item.type) &&
  !isRetrievalItem(item);

function roundFrom(output: unknown[]): CompletedRound | null {
  const calls = output.filter(isRetrievalItem).map((item) => {
    const call = item as JsonObject;
    return { id: String(call.call_id), hash: hashFromArguments(call.arguments) };
  });

  return calls.length === 0 ? null : { calls, mixed: output.some(isClientCall), assistant: output };
}

export const openAiResponsesRetrieval: RetrievalProtocol = {
  conversationPath: 'input',

  readRound(response) {
    return roundFrom(Array.isArray(response.output) ? response.output : []);
  },

  stripCalls(response) {
    const output = (Array.isArray(response.output) ? response.output : []).filter(
      (item) => !isRetrievalItem(item),
    );

    return { ...response, output };
  },

  continuationItems(round: CompletedRound, answers: RetrievalAnswer[]) {
    const outputs = answers.map((answer) => ({
      type: 'function_call_output',
      call_id: answer.id,
      output: answer.content,
    }));

    return [...round.assistant, ...outputs];
  },

  createSplicer: () => new ResponsesSplicer(),
};

/**
 * Responses SSE: typed events addressed by `output_index`, numbered by
 * `sequence_number`, closed by `response.completed`. Retrieval call items are
 * held back; later items and the continuation's items are renumbered; the
 * final event carries every visible item of every round.
 */
class ResponsesSplicer implements StreamSplicer {
  private round = 0;
  private sequence = 0;
  private nextOutputIndex = 0;
  private indexMap = new Map<number, number | 'held'>();
  private visibleItems: unknown[] = [];
  private terminal: { event: string | undefined; data: JsonObject } | undefined;
  private lastRound: CompletedRound | null = null;
  /** The terminal usage of each round before the last (BL-23). */
  private earlierUsage: unknown[] = [];

  push(event: SseEvent): string[] {
    const data = parseData(event);
    const type = data?.type;
    if (!data || typeof type !== 'string') return [event.raw];

    if (type === 'response.created' || type === 'response.in_progress') {
      return this.round === 0 ? [this.emit(event, data)] : [];
    }
    if (TERMINAL_EVENTS.has(type)) {
      this.terminal = { event: event.event, data };
      return [];
    }
    if (typeof data.output_index !== 'number') {
      return [this.emit(event, data)];
    }

    const target = this.mapIndex(type, data);
    return target === 'held' ? [] : [this.emit(event, { ...data, output_index: target })];
  }

  endRound(): CompletedRound | null {
    const response =
      this.terminal && isJsonObject(this.terminal.data.response)
        ? this.terminal.data.response
        : undefined;
    const output = response && Array.isArray(response.output) ? response.output : [];
    this.visibleItems.push(...output.filter((item) => !isRetrievalItem(item)));
    this.lastRound = this.terminal?.data.type === 'response.completed' ? roundFrom(output) : null;

    return this.lastRound;
  }

  beginRound(): void {
    const response = this.terminal?.data.response;
    this.earlierUsage.push(isJsonObject(response) ? response.usage : undefined);
    this.round += 1;
    this.indexMap = new Map();
    this.terminal = undefined;
  }

  finish(): string[] {
    if (!this.terminal) return [];

    const response = isJsonObject(this.terminal.data.response) ? this.terminal.data.response : {};
    // The final event reports what every round cost, as it reports every
    // round's items.
    const usage =
      this.earlierUsage.length > 0 ? sumUsage([...this.earlierUsage, response.usage]) : undefined;
    const data = {
      ...this.terminal.data,
      sequence_number: this.sequence++,
      response: {
        ...response,
        output: this.visibleItems,
        ...(usage === undefined ? {} : { usage }),
      },
    };

    return [formatSse(this.terminal.event, data)];
  }

  private mapIndex(type: string, data: JsonObject): number | 'held' {
    const upstreamIndex = data.output_index as number;
    let target = this.indexMap.get(upstreamIndex);

    if (target === undefined && type === 'response.output_item.added') {
      target = isRetrievalItem(data.item) ? 'held' : this.nextOutputIndex++;
      this.indexMap.set(upstreamIndex, target);
    }

    return target ?? upstreamIndex;
  }

  private emit(event: SseEvent, data: JsonObject): string {
    const numbered =
      'sequence_number' in data ? { ...data, sequence_number: this.sequence++ } : data;
    return formatSse(event.event, numbered);
  }
}
