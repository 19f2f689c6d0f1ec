/**
 * Runs tasks one at a time, in call order. The SQLite driver adapter shares
 * one connection and only its transactions take a lock, so a plain query
 * issued while another call's transaction is open would run inside that
 * transaction (and vanish with its rollback). Serialising every store call
 * costs nothing there: better-sqlite3 executes synchronously anyway.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * A task that has not settled after `timeoutMs` is failed and the queue
   * moves on: one call stuck on an unwritable file must not hold every later
   * store call behind it for good.
   */
  constructor(private readonly timeoutMs = 15_000) {}

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() => this.bounded(task));
    this.tail = result.catch(() => undefined);

    return result;
  }

  private bounded<T>(task: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`storage call did not finish within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });

    return Promise.race([task(), deadline]).finally(() => clearTimeout(timer));
  }
}
