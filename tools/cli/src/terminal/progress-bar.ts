const WIDTH = 30;
const REDRAW_MS = 100;

type ProgressStream = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };

/**
 * A progress bar on stderr, so stdout stays a clean report for redirection.
 * On a terminal it redraws one line; elsewhere (CI logs) it prints a line per
 * tenth of the file, so logs stay short.
 */
export class ProgressBar {
  private lastDraw = Number.NEGATIVE_INFINITY;
  private lastTenth = -1;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream = process.stderr,
    private readonly now: () => number = Date.now,
  ) {}

  update(done: number, total: number, items: number): void {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;

    if (this.stream.isTTY) {
      const time = this.now();
      if (time - this.lastDraw < REDRAW_MS && fraction < 1) return;
      this.lastDraw = time;
      const filled = Math.round(fraction * WIDTH);
      const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
      this.stream.write(`\r[${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${items} requests`);
      this.drawn = true;
      return;
    }

    const tenth = Math.floor(fraction * 10);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.stream.write(`audit: ${tenth * 10}% (${items} requests)\n`);
    }
  }

  finish(): void {
    if (this.drawn) {
      this.stream.write('\n');
      this.drawn = false;
    }
  }
}
