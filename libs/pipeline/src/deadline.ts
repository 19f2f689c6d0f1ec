/** A bounded wait ran out; the work itself may still finish later. */
export class DeadlineError extends Error {
  constructor(what: string, timeoutMs: number) {
    super(`${what} took longer than ${timeoutMs} ms`);
    this.name = 'DeadlineError';
  }
}

/** Rejects with a `DeadlineError` when `work` has not settled in time. */
export function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, timeoutMs)), timeoutMs);
  });

  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
