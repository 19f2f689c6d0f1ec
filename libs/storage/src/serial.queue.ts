/**
 * Runs tasks one at a time, in call order. The SQLite driver adapter shares
 * one connection and only its transactions take a lock, so a plain query
 * issued while another call's transaction is open would run inside that
 * transaction (and vanish with its rollback). Serialising every store call
 * costs nothing there: better-sqlite3 executes synchronously anyway.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);

    return result;
  }
}
