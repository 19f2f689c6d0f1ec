import { errorEnvelope, HEADERS } from '@headroom/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { headerValue } from './header-value';

const PREFLIGHT_MAX_AGE_SECONDS = '600';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
// A header list a browser may ask for: field-name tokens and commas only, so
// the echo can never carry anything but names.
const HEADER_LIST = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

function isPreflight(request: FastifyRequest): boolean {
  return (
    request.method === 'OPTIONS' &&
    request.headers.origin !== undefined &&
    request.headers['access-control-request-method'] !== undefined
  );
}

function appendVaryOrigin(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  const current = Array.isArray(vary) ? vary.join(', ') : vary === undefined ? '' : String(vary);

  if (!/(?:^|,)\s*origin\s*(?:,|$)/i.test(current)) {
    reply.header('vary', current ? `${current}, Origin` : 'Origin');
  }
}

// The gateway's own pages (the dashboard) call it from its own origin.
function isSameOrigin(request: FastifyRequest): boolean {
  const origin = headerValue(request.headers, 'origin');
  const host = headerValue(request.headers, 'host');

  try {
    return (
      origin !== undefined && host !== undefined && new URL(origin).host === host.toLowerCase()
    );
  } catch {
    return false;
  }
}

// What a listed origin is told: who may read, and on a preflight what it may send.
function grantsFor(request: FastifyRequest, origin: string): Record<string, string> {
  const grants: Record<string, string> = {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': HEADERS.requestId,
  };

  if (isPreflight(request)) {
    grants['access-control-allow-methods'] = ALLOWED_METHODS;
    grants['access-control-max-age'] = PREFLIGHT_MAX_AGE_SECONDS;
    const requested = headerValue(request.headers, 'access-control-request-headers')?.trim();
    if (requested !== undefined && HEADER_LIST.test(requested)) {
      grants['access-control-allow-headers'] = requested;
    }
  }

  return grants;
}

/**
 * CORS is closed unless `HEADROOM_CORS_ORIGINS` lists an origin. The gateway
 * answers every preflight itself (one is never forwarded, so an upstream's
 * permissive CORS cannot open the gateway), refuses any request a browser
 * sends from an origin that is neither listed nor its own, and drops every
 * `access-control-*` header an upstream sends before adding its own for a
 * listed origin.
 */
export function applyCrossOriginPolicy(
  fastify: FastifyInstance,
  allowedOrigins: ReadonlySet<string>,
): void {
  const isAllowed = (request: FastifyRequest): string | undefined => {
    const origin = headerValue(request.headers, 'origin');

    return origin !== undefined && allowedOrigins.has(origin) ? origin : undefined;
  };

  fastify.addHook('onRequest', async (request, reply) => {
    const isForeign =
      request.headers.origin !== undefined && !isSameOrigin(request) && !isAllowed(request);

    // A page elsewhere can still send a "simple" request (a POST of text/plain
    // needs no preflight): it would run against the upstream with whatever the
    // gateway can reach, unread but not undone. Refused before any work.
    if (isForeign || (isPreflight(request) && isAllowed(request) === undefined)) {
      return reply
        .code(403)
        .header('content-type', 'application/json; charset=utf-8')
        .send(
          errorEnvelope(
            'permission_error',
            'cross-origin requests from this origin are not allowed (HEADROOM_CORS_ORIGINS)',
            request.id,
          ),
        );
    }

    if (isPreflight(request)) {
      return reply.code(204).send();
    }
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    for (const name of Object.keys(reply.getHeaders())) {
      if (name.toLowerCase().startsWith('access-control-')) {
        reply.removeHeader(name);
      }
    }

    const origin = isAllowed(request);
    if (origin !== undefined) {
      reply.headers(grantsFor(request, origin));
    }
    if (allowedOrigins.size > 0) {
      // Answers differ by origin once any is allowed; caches must keep them apart.
      appendVaryOrigin(reply);
    }

    return payload;
  });
}
