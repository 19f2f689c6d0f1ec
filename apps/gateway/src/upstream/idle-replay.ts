import type { AttemptTrace } from './attempt-trace';

/** Why a failed attempt could be sent again; the label of the replay metric. */
export type ReplayReason = 'write_failed' | 'safe_method';

export type FailedAttempt = {
  method: string;
  trace: AttemptTrace;
  error: unknown;
  clientAborted: boolean;
};

const CLOSE_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Why a request is replayed, and why so rarely. An LLM POST is not idempotent:
// a request the upstream may have started is billed again if sent twice. The
// gateway can prove "the upstream never ran it" only one way: the close
// surfaced on our own write (Node reports syscall 'write'), so the kernel
// refused at least the tail of the request and the upstream never held a
// complete body. Once every byte has left, an idle close that raced our write
// and an upstream dying mid-request look the same from here (same error, same
// socket counters: see upstream.client.spec.ts), so such a POST gets the 502.
// GET, HEAD and OPTIONS are safe to repeat whatever the upstream saw. In every
// case the connection must have been a reused idle one (a fresh connection
// that fails is the upstream failing, not a keep-alive race), no response byte
// may have arrived, and the client must still be waiting. One replay at most.
//
// TODO(#9): a POST written whole just as an idle close was in flight still
// gets 502. Only the upstream can tell us it never ran it (an idempotency key
// the provider honours); until then the pool's early idle expiry keeps the
// window to an event-loop lag of more than 3 s.
export function replayReason(attempt: FailedAttempt): ReplayReason | null {
  const { trace, error } = attempt;
  const code = (error as { code?: unknown } | null)?.code;
  const syscall = (error as { syscall?: unknown } | null)?.syscall;

  if (
    attempt.clientAborted ||
    trace.reusedConnection !== true ||
    trace.responseStarted ||
    typeof code !== 'string' ||
    !CLOSE_CODES.has(code)
  ) {
    return null;
  }

  if (syscall === 'write') {
    return 'write_failed';
  }

  return SAFE_METHODS.has(attempt.method.toUpperCase()) ? 'safe_method' : null;
}
