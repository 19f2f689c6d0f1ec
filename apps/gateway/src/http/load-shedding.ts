import { errorEnvelope } from '@headroom/contracts';
import type { FastifyInstance } from 'fastify';

// Probes and scrapes are answered however full the gateway is: an
// orchestrator that cannot see a busy pod restarts it, and a flood is when
// the operator most needs the metrics.
const ALWAYS_ANSWERED: ReadonlySet<string> = new Set(['/livez', '/readyz', '/health', '/metrics']);

const RETRY_AFTER_SECONDS = '1';

export type LoadSheddingOptions = {
  maxInFlight: number;
  /** Told every time the number of requests being answered changes. */
  onInFlight(count: number): void;
  /** Told of every request refused because the gateway was full. */
  onShed(): void;
};

/**
 * Caps the requests answered at once. A request beyond the cap is refused
 * at once with 503 `overloaded` and Retry-After, before its body is read:
 * shedding early keeps memory bounded and tells a load balancer or an SDK's
 * retry logic to try another replica or a moment later. A slot is given back
 * when the response closes, whether it ended, failed or the client left.
 */
export function applyLoadShedding(fastify: FastifyInstance, options: LoadSheddingOptions): void {
  let inFlight = 0;

  fastify.addHook('onRequest', (request, reply, done) => {
    if (ALWAYS_ANSWERED.has(request.routeOptions.url ?? '')) {
      done();
      return;
    }
    if (inFlight >= options.maxInFlight) {
      options.onShed();
      void reply
        .code(503)
        .header('retry-after', RETRY_AFTER_SECONDS)
        .send(
          errorEnvelope(
            'overloaded',
            `the gateway is answering its limit of ${options.maxInFlight} requests (HEADROOM_MAX_IN_FLIGHT); retry shortly`,
            request.id,
          ),
        );
      return;
    }

    inFlight += 1;
    options.onInFlight(inFlight);
    reply.raw.once('close', () => {
      inFlight -= 1;
      options.onInFlight(inFlight);
    });
    done();
  });
}
