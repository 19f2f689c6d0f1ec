import type { IncomingHttpHeaders } from 'node:http';

/** One Server-Sent Event. `data` that is not a string is sent as compact JSON. */
export type SseEvent = {
  event?: string;
  data: unknown;
};

type ReplyTiming = {
  /** Wait this long before sending the status line. */
  delayMs?: number;
};

export type JsonReply = ReplyTiming & {
  kind: 'json';
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent verbatim; anything else as `JSON.stringify`. */
  body: unknown;
};

export type SseReply = ReplyTiming & {
  kind: 'sse';
  status?: number;
  headers?: Record<string, string>;
  events: SseEvent[];
  /** Pause between two events, so tests can see them arrive one by one. */
  intervalMs?: number;
  /** Send only the first N events, then stop the stream half-way. */
  stopAfter?: number;
  /** How a stopped stream ends: a clean end of body, or a reset connection. */
  stopWith?: 'end' | 'destroy';
};

/** Sent with its exact content-length unless `headers` sets framing itself. */
export type RawReply = ReplyTiming & {
  kind: 'raw';
  status: number;
  headers?: Record<string, string>;
  body: Buffer | string;
};

/** Accepts the request and never answers: for upstream timeouts and client aborts. */
export type HangReply = { kind: 'hang' };

/** Resets the connection without any response. */
export type DestroyReply = ReplyTiming & { kind: 'destroy' };

export type ScriptedReply = JsonReply | SseReply | RawReply | HangReply | DestroyReply;

export type RecordedRequest = {
  method: string;
  /** Path with query string, exactly as the request line had it. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Header names and values in arrival order, duplicates included. */
  rawHeaders: string[];
  body: Buffer;
  sha256: string;
  /** Which scripted reply answered it; `default` when the queue was empty. */
  reply: ScriptedReply['kind'] | 'default';
  /** True once the caller closed the connection before the reply was complete. */
  closedEarly: boolean;
  /** True once the reply was completely written. */
  completed: boolean;
};
