/** One load run, as the worker receives it (structured-cloned: plain data only). */
export type LoadJob = {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Give every request a distinct body by replacing `[<id>]` in it. */
  uniqueBodies: boolean;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
};

export type LoadOutcome = {
  /** Milliseconds of every 2xx response, with sub-millisecond precision. */
  latencies: number[];
  ok: number;
  /** Responses during the warm-up, not in `latencies`. */
  warmupResponses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSeconds: number;
};

/** Marks where `uniqueBodies` puts a fresh id (autocannon's placeholder). */
export const ID_PLACEHOLDER = '[<id>]';
