import { type HeadroomError, errorEnvelope } from '@headroom/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// Probes and scrapes are answered however full the gateway is: an
// orchestrator that cannot see a busy pod restarts it, and a flood is when
// the operator most needs the metrics.
const ALWAYS_ANSWERED: ReadonlySet<string> = new Set(['/livez', '/readyz', '/health', '/metrics']);

const RETRY_AFTER_SECONDS = '1';

/**
 * The share, and the metric label, of callers whose headers name no tenant
 * (no key or a wrong one while keys are configured). It lies outside the
 * tenant-name grammar, so no configured tenant can share it: strangers never
 * take a real tenant's slots, and their flood is capped like one tenant's.
 */
export const UNKNOWN_TENANT = '<unknown>';
// TODO(#9): shares are per replica, not per deployment: N replicas behind a
// load balancer let a tenant hold N shares at once. And with the default half
// share, two busy tenants together fill the gateway and a third gets 503: a
// share that shrinks with the number of busy tenants would keep room for it.

export type Admission =
  { admitted: true; release(): void } | { admitted: false; refusedBy: 'gateway' | 'tenant' };

/**
 * Counts the requests being answered, in all and per tenant. The gateway's
 * cap is checked first, so with one tenant whose share is the whole gateway
 * nothing changes from a single cap: a full gateway still says `overloaded`.
 */
export class InFlightSlots {
  private total = 0;
  // Only tenants with a request in flight have an entry, so the map stays as
  // small as the set of busy tenants.
  private readonly byTenant = new Map<string, number>();

  constructor(
    readonly maxInFlight: number,
    readonly maxPerTenant: number,
  ) {}

  get inFlight(): number {
    return this.total;
  }

  inFlightOf(tenant: string): number {
    return this.byTenant.get(tenant) ?? 0;
  }

  /** Takes a slot for `tenant`, or says whose cap refused it. `release` may be called more than once. */
  acquire(tenant: string): Admission {
    const held = this.inFlightOf(tenant);

    if (this.total >= this.maxInFlight) {
      return { admitted: false, refusedBy: 'gateway' };
    }
    if (held >= this.maxPerTenant) {
      return { admitted: false, refusedBy: 'tenant' };
    }

    this.total += 1;
    this.byTenant.set(tenant, held + 1);
    let released = false;

    return {
      admitted: true,
      release: () => {
        if (released) {
          return;
        }
        released = true;
        this.total -= 1;
        const left = this.inFlightOf(tenant) - 1;
        if (left > 0) {
          this.byTenant.set(tenant, left);
        } else {
          this.byTenant.delete(tenant);
        }
      },
    };
  }
}

export type LoadSheddingOptions = {
  maxInFlight: number;
  maxInFlightPerTenant: number;
  /**
   * The tenant the request's headers name, or `undefined` when they name
   * none. Called before the body is read; must be cheap and never throw.
   */
  tenantOf(request: FastifyRequest): string | undefined;
  /**
   * The 401 for a request `tenantOf` named no tenant for. Such a request
   * that carries a body is refused with it before the body is read: every
   * route that reads a body acts for a tenant, and a stranger dripping a body
   * would otherwise hold a slot for up to HEADROOM_REQUEST_TIMEOUT_MS.
   */
  unidentified(request: FastifyRequest): HeadroomError;
  /** Told every time the number of requests being answered changes. */
  onInFlight(count: number): void;
  /** Told of every request refused because the gateway was full. */
  onShed(): void;
  /** Told of every request refused because its tenant held its share ({@link UNKNOWN_TENANT} for no tenant). */
  onTenantLimited(tenant: string): void;
};

/**
 * Caps the requests answered at once, in all and per tenant. A request
 * beyond the gateway's cap is refused with 503 `overloaded`, one beyond its
 * tenant's share with 429 `rate_limit_error`, both with Retry-After and
 * before the body is read: shedding early keeps memory bounded and tells a
 * load balancer or an SDK's retry logic to try another replica or a moment
 * later. A slot is given back when the response closes, whether it ended,
 * failed or the client left.
 */
export function applyLoadShedding(fastify: FastifyInstance, options: LoadSheddingOptions): void {
  const slots = new InFlightSlots(options.maxInFlight, options.maxInFlightPerTenant);

  fastify.addHook('onRequest', (request, reply, done) => {
    if (ALWAYS_ANSWERED.has(request.routeOptions.url ?? '')) {
      done();
      return;
    }

    const named = options.tenantOf(request);
    if (named === undefined && carriesBody(request)) {
      const error = options.unidentified(request);
      void reply.code(error.status).send(errorEnvelope(error.code, error.message, request.id));
      return;
    }

    // An unidentified request without a body (an admin's GET, say) still
    // reaches its route, which decides; meanwhile it holds a stranger's slot.
    const tenant = named ?? UNKNOWN_TENANT;
    const admission = slots.acquire(tenant);

    if (!admission.admitted) {
      refuse(request, reply, admission.refusedBy, tenant, options);
      return;
    }

    options.onInFlight(slots.inFlight);
    reply.raw.once('close', () => {
      admission.release();
      options.onInFlight(slots.inFlight);
    });
    done();
  });
}

function carriesBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];

  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  );
}

function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  refusedBy: 'gateway' | 'tenant',
  tenant: string,
  options: LoadSheddingOptions,
): void {
  if (refusedBy === 'gateway') {
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

  const whose =
    tenant === UNKNOWN_TENANT ? 'requests without a valid gateway key' : `tenant "${tenant}"`;
  options.onTenantLimited(tenant);
  void reply
    .code(429)
    .header('retry-after', RETRY_AFTER_SECONDS)
    .send(
      errorEnvelope(
        'rate_limit_error',
        `the share of ${whose} is in use: ${options.maxInFlightPerTenant} requests at once (HEADROOM_MAX_IN_FLIGHT_PER_TENANT); retry shortly`,
        request.id,
      ),
    );
}
