export const OTHER_LABEL = 'other';

/**
 * Keeps a Prometheus label's value set bounded: values named up front always
 * pass, then the first `limit` distinct values seen, and everything after
 * that is reported as `other`. A client sending a new model name or tenant
 * per request can therefore never blow up the series count.
 */
export class LabelLimiter {
  private readonly seen = new Set<string>();

  constructor(
    private readonly limit: number,
    private readonly known: ReadonlySet<string> = new Set(),
  ) {}

  label(value: string | undefined): string {
    const text = value === undefined || value === '' ? 'unknown' : value.slice(0, 100);

    if (this.known.has(text) || this.seen.has(text)) {
      return text;
    }
    if (this.seen.size >= this.limit) {
      return OTHER_LABEL;
    }

    this.seen.add(text);

    return text;
  }
}
