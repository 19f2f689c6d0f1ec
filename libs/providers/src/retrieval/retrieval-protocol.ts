import type { JsonObject } from '../request-view';
import type { SseEvent } from './sse';

/** A call of the retrieval tool that the model made. */
export type RetrievalCall = { id: string; hash: string | undefined };

export type RetrievalAnswer = { id: string; content: string };

/** The assistant turn of one round, as needed to continue the conversation. */
export type CompletedRound = {
  calls: RetrievalCall[];
  /** True when the model also called tools of the client's own. */
  mixed: boolean;
  /** What the continuation request appends before the tool results. */
  assistant: unknown[];
};

/**
 * Filters one provider's SSE stream across retrieval rounds: retrieval calls
 * are held back, everything else passes in order, and the continuation's
 * events are renumbered so the client sees a single message.
 */
export interface StreamSplicer {
  /** Events to send to the client now, for one upstream event. */
  push(event: SseEvent): string[];
  /** Called when a round's upstream stream ends; null when nothing is to be retrieved. */
  endRound(): CompletedRound | null;
  /** Prepares for the continuation's stream. */
  beginRound(): void;
  /** Events still held back when the conversation is over (the final stop events). */
  finish(): string[];
}

/** Provider-specific halves of the retrieval loop. */
export interface RetrievalProtocol {
  /** From a non-streamed response: the round, or null when the model made no retrieval call. */
  readRound(response: JsonObject): CompletedRound | null;
  /** The response the client sees when the loop stops with calls still in it. */
  stripCalls(response: JsonObject): JsonObject;
  /** New items for the request's conversation array: the assistant turn and the tool results. */
  continuationItems(round: CompletedRound, answers: RetrievalAnswer[]): unknown[];
  /** The path of the conversation array in the request body. */
  readonly conversationPath: 'messages' | 'input';
  createSplicer(): StreamSplicer;
}

export function hashFromArguments(raw: unknown): string | undefined {
  if (typeof raw === 'object' && raw !== null && 'hash' in raw) {
    const hash = (raw as { hash: unknown }).hash;
    return typeof hash === 'string' ? hash : undefined;
  }
  if (typeof raw !== 'string') return undefined;

  try {
    return hashFromArguments(JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
