import { parentPort, threadId, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import { ID_PLACEHOLDER, type LoadJob, type LoadOutcome } from './load-job';

// Runs in its own thread so the load generator does not share an event loop
// with the gateway and the fake upstream it measures. Latencies come from
// autocannon's per-response event: its histogram keeps whole milliseconds
// only, too coarse for a sub-millisecond overhead.
// autocannon's own `idReplacement` sizes content-length for 27-character ids
// while its hyperid makes 24-character ones, so every such request hangs;
// the ids are put in here instead. One sequence for the warm-up and the
// measured run, so no measured body repeats one the warm-up already sent.
let sequence = 0;

function uniqueBodies(body: string): autocannon.Options['requests'] {
  const [head, ...rest] = body.split(ID_PLACEHOLDER);
  const tail = rest.join(ID_PLACEHOLDER);

  return [
    {
      setupRequest: (request) => {
        sequence += 1;
        return { ...request, body: `${head}${threadId}-${sequence}${tail}` };
      },
    },
  ];
}

function fire(job: LoadJob, seconds: number, latencies: number[] | undefined) {
  const instance = autocannon({
    url: job.url,
    method: 'POST',
    headers: job.headers,
    body: job.body,
    ...(job.uniqueBodies ? { requests: uniqueBodies(job.body) } : {}),
    connections: job.connections,
    pipelining: 1,
    duration: seconds,
    timeout: 30,
  });

  if (latencies) {
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  }

  return instance;
}

async function run(job: LoadJob): Promise<LoadOutcome> {
  const warmup = job.warmupSeconds > 0 ? await fire(job, job.warmupSeconds, undefined) : undefined;

  const latencies: number[] = [];
  const result = await fire(job, job.durationSeconds, latencies);

  return {
    latencies,
    ok: result['2xx'],
    warmupResponses: warmup ? warmup['2xx'] + warmup.non2xx : 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
  };
}

run(workerData as LoadJob).then(
  (outcome) => parentPort?.postMessage({ outcome }),
  (error: unknown) =>
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
