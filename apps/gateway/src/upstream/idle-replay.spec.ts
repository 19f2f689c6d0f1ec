import type { AttemptTrace } from './attempt-trace';
import { type FailedAttempt, replayReason } from './idle-replay';

function systemError(code: string, syscall: string): Error {
  return Object.assign(new Error(`${syscall} ${code}`), { code, syscall });
}

const otherSideClosed = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
const reused: AttemptTrace = { reusedConnection: true, responseStarted: false };

function attempt(overrides: Partial<FailedAttempt>): FailedAttempt {
  return {
    method: 'POST',
    trace: reused,
    error: otherSideClosed,
    clientAborted: false,
    ...overrides,
  };
}

describe(replayReason.name, () => {
  it.each<[string, Partial<FailedAttempt>, string | null]>([
    [
      'POST refused by the kernel (EPIPE)',
      { error: systemError('EPIPE', 'write') },
      'write_failed',
    ],
    [
      'POST refused by the kernel (ECONNRESET)',
      { error: systemError('ECONNRESET', 'write') },
      'write_failed',
    ],
    ['POST fully written, then closed', {}, null],
    ['POST fully written, then reset', { error: systemError('ECONNRESET', 'read') }, null],
    ['GET fully written, then closed', { method: 'GET' }, 'safe_method'],
    [
      'head fully written, then reset',
      { method: 'head', error: systemError('ECONNRESET', 'read') },
      'safe_method',
    ],
    ['DELETE fully written, then closed', { method: 'DELETE' }, null],
    [
      'a fresh connection',
      {
        error: systemError('EPIPE', 'write'),
        trace: { reusedConnection: false, responseStarted: false },
      },
      null,
    ],
    [
      'a request never written',
      { method: 'GET', trace: { reusedConnection: undefined, responseStarted: false } },
      null,
    ],
    [
      'a response had started',
      { method: 'GET', trace: { reusedConnection: true, responseStarted: true } },
      null,
    ],
    [
      'a client that went away',
      { error: systemError('EPIPE', 'write'), clientAborted: true },
      null,
    ],
    [
      'a timeout',
      { method: 'GET', error: Object.assign(new Error('t'), { code: 'UND_ERR_HEADERS_TIMEOUT' }) },
      null,
    ],
    [
      'a refused connection',
      { method: 'GET', error: systemError('ECONNREFUSED', 'connect') },
      null,
    ],
    ['an error without a code', { method: 'GET', error: new Error('odd') }, null],
  ])('%s → %s', (_case, overrides, expected) => {
    expect(replayReason(attempt(overrides))).toBe(expected);
  });
});
