import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DEFAULT_TENANT, HEADERS, HeadroomError } from '@headroom/contracts';
import type { FastifyRequest } from 'fastify';
import { GatewayConfigService } from '../config/gateway-config.service';
import { headerValue } from '../http/header-value';

/**
 * Where the gateway key may come from:
 * - `provider`: the provider routes. Only `x-headroom-key`, because
 *   `authorization` and `x-api-key` there are the provider's credentials.
 * - `headroom`: Headroom's own API (compress, retrieve, stats). `x-headroom-key`
 *   or `Authorization: Bearer`, which is how the published SDK sends its key;
 *   these routes never go upstream, so nothing can be confused.
 */
export type KeyScope = 'provider' | 'headroom';

// Route patterns of Headroom's own API, which take the key as a bearer too.
// Anything not listed is read with the narrower `provider` scope: a key found
// there is valid on every route, so a missing entry can only leave a request
// unidentified, never credit a stranger's request to a tenant.
const HEADROOM_ROUTE =
  /^\/(?:v1\/compress|v1\/retrieve(?:\/.*)?|stats|stats-history|dashboard(?:\/.*)?)$/;

/** Where a route (its pattern, as Fastify names it) reads the gateway key from. */
export function keyScopeOfRoute(routeUrl: string | undefined): KeyScope {
  return routeUrl !== undefined && HEADROOM_ROUTE.test(routeUrl) ? 'headroom' : 'provider';
}

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
// The names a local client uses for this machine. A browser tricked by DNS
// rebinding connects from loopback too, but sends the attacker's name here.
const LOOPBACK_HOST = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?::\d{1,5})?$/i;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

@Injectable()
export class TenancyService {
  // Keys are compared as SHA-256 digests in constant time, so the length and
  // content of a configured key never leak through timing.
  private readonly keys: ReadonlyArray<{ digest: Buffer; tenant: string }>;
  private readonly adminDigest: Buffer | undefined;
  private readonly trustLoopback: boolean;

  constructor(config: GatewayConfigService) {
    this.keys = [...config.get('apiKeys')].map(([key, tenant]) => ({
      digest: digest(key),
      tenant,
    }));
    const adminKey = config.get('adminKey');
    this.adminDigest = adminKey ? digest(adminKey) : undefined;
    this.trustLoopback = config.get('trustLoopback');
  }

  get isKeyRequired(): boolean {
    return this.keys.length > 0;
  }

  /** The tenant a request acts for; throws `authentication_error` (401) when keys are configured and none matches. */
  resolveTenant(request: FastifyRequest, scope: KeyScope = 'headroom'): string {
    const tenant = this.identifyTenant(request, scope);

    if (tenant === undefined) {
      throw this.authenticationError(request, scope);
    }

    return tenant;
  }

  /** The 401 for a request whose headers name no tenant: a missing key or a wrong one. */
  authenticationError(request: FastifyRequest, scope: KeyScope = 'headroom'): HeadroomError {
    return new HeadroomError(
      'authentication_error',
      this.presentedKey(request, scope) === undefined
        ? scope === 'headroom'
          ? `missing gateway key: send it in the ${HEADERS.key} header or as Authorization: Bearer`
          : `missing gateway key: send it in the ${HEADERS.key} header`
        : 'invalid gateway key',
    );
  }

  /**
   * The tenant a request's headers name, or `undefined` when keys are
   * configured and none matches. Never throws: the load shedder asks before
   * the body is read, and the route still answers 401 through `resolveTenant`.
   */
  identifyTenant(request: FastifyRequest, scope: KeyScope = 'headroom'): string | undefined {
    if (!this.isKeyRequired) {
      return DEFAULT_TENANT;
    }

    const presented = this.presentedKey(request, scope);

    return presented === undefined ? undefined : this.tenantOf(presented);
  }

  /**
   * True for a trusted local caller: the connection comes from this machine,
   * addressed to a loopback name, and `HEADROOM_TRUST_LOOPBACK` is on.
   * Forwarding headers (`x-forwarded-for`, `forwarded`) are never trusted for
   * this: anyone can send them. A missing `host` (HTTP/1.0 tools) is accepted,
   * since browsers always send one.
   */
  isLoopback(request: FastifyRequest): boolean {
    const address = request.raw.socket.remoteAddress ?? '';
    const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
    const host = request.headers.host;

    return (
      this.trustLoopback &&
      (plain === '::1' || LOOPBACK_V4.test(plain)) &&
      (host === undefined || LOOPBACK_HOST.test(host))
    );
  }

  /**
   * Admin endpoints: anyone holding `HEADROOM_ADMIN_KEY`, or a trusted local
   * caller. A local caller presenting a tenant's gateway key speaks for that
   * tenant and sees only what the tenant sees. (Any other bearer a local SDK
   * attaches, such as a provider key, does not change who it is.)
   */
  isAdmin(request: FastifyRequest): boolean {
    const presented = this.presentedKey(request, 'headroom');

    if (presented !== undefined) {
      if (this.adminDigest !== undefined && timingSafeEqual(digest(presented), this.adminDigest)) {
        return true;
      }
      if (this.tenantOf(presented) !== undefined) {
        return false;
      }
    }

    return this.isLoopback(request);
  }

  private tenantOf(presented: string): string | undefined {
    const candidate = digest(presented);
    let tenant: string | undefined;

    // Walk every key even after a match so timing does not tell which one matched.
    for (const key of this.keys) {
      if (timingSafeEqual(candidate, key.digest) && tenant === undefined) {
        tenant = key.tenant;
      }
    }

    return tenant;
  }

  private presentedKey(request: FastifyRequest, scope: KeyScope): string | undefined {
    const explicit = headerValue(request.headers, HEADERS.key);

    if (explicit !== undefined || scope === 'provider') {
      return explicit;
    }

    const authorization = headerValue(request.headers, 'authorization');
    const bearer = authorization?.match(/^Bearer\s+(.+)$/i);

    return bearer ? bearer[1].trim() : undefined;
  }
}
