import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { Dispatcher } from 'undici';

/** What one dispatch of a request learned about the connection it went out on. */
export type AttemptTrace = {
  /** The connection had carried an earlier request; `undefined` until the request is written. */
  reusedConnection: boolean | undefined;
  /** A byte of the response to this request arrived (undici parsed the start of a message). */
  responseStarted: boolean;
};

const traces = new WeakMap<object, AttemptTrace>();
const socketsThatCarried = new WeakSet<Socket>();
let awaitingSocket: AttemptTrace | undefined;
let isSubscribed = false;

type SendHeadersMessage = { socket: Socket };

// undici tells a handler neither which socket it was given nor whether that
// socket is new. The one public place that names the socket is this channel,
// published inside the same synchronous call that runs the handler's
// onRequestStart, just before the request bytes are written; so the trace
// armed there is the one this socket belongs to.
function onSendHeaders(message: unknown): void {
  const trace = awaitingSocket;
  awaitingSocket = undefined;
  if (!trace) {
    return;
  }

  const { socket } = message as SendHeadersMessage;
  trace.reusedConnection = socketsThatCarried.has(socket);
  socketsThatCarried.add(socket);
}

/**
 * Registers a trace for one `request(options)` call on a dispatcher composed
 * with {@link traceAttempts}. Options without a trace go through untraced.
 */
export function traceAttempt(options: object): AttemptTrace {
  const trace: AttemptTrace = { reusedConnection: undefined, responseStarted: false };
  traces.set(options, trace);

  return trace;
}

class TracingHandler implements Dispatcher.DispatchHandler {
  constructor(
    private readonly handler: Dispatcher.DispatchHandler,
    private readonly trace: AttemptTrace,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    const trace = this.trace;
    awaitingSocket = trace;
    // The channel fires in this very call stack or not at all (the request
    // was aborted first); never let a stale trace claim a later socket.
    queueMicrotask(() => {
      if (awaitingSocket === trace) {
        awaitingSocket = undefined;
      }
    });
    this.handler.onRequestStart?.(controller, context);
  }

  onResponseStarted(): void {
    this.trace.responseStarted = true;
    this.handler.onResponseStarted?.();
  }

  onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>[2],
    socket: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>[3],
  ): void {
    this.handler.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>[2],
    statusMessage?: string,
  ): void {
    this.trace.responseStarted = true;
    this.handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.handler.onResponseData?.(controller, chunk);
  }

  onResponseEnd(
    controller: Dispatcher.DispatchController,
    trailers: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseEnd']>>[1],
  ): void {
    this.handler.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.handler.onResponseError?.(controller, error);
  }
}

/**
 * An interceptor that fills the trace registered for a request's options:
 * whether its connection was reused and whether any response byte arrived.
 * It changes nothing about the request itself.
 */
export function traceAttempts(): Dispatcher.DispatcherComposeInterceptor {
  if (!isSubscribed) {
    subscribe('undici:client:sendHeaders', onSendHeaders);
    isSubscribed = true;
  }

  return (dispatch) => (options, handler) => {
    const trace = traces.get(options);

    return dispatch(options, trace ? new TracingHandler(handler, trace) : handler);
  };
}
