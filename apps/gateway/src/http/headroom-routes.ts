// Headroom's own paths under /v1, beside the providers' (which are forwarded).
// Everything at or below these prefixes is answered here and never reaches an
// upstream: a wrong method gets 405 with `Allow`, an unknown sub-path 404.
const OWN_PREFIXES = ['/v1/compress', '/v1/retrieve'] as const;

/** What Headroom answers on one of its own paths. */
export type OwnRoute = {
  /** Methods the path takes; empty when Headroom has no such path (404). */
  allow: readonly string[];
};

/**
 * The Headroom route a path (no query string) names, or `undefined` when the
 * path is not Headroom's and may be forwarded. Trailing slashes and
 * percent-encoding are read through, so `/v1/retrieve/stats/` and
 * `/v1/retriev%65` stay here too.
 */
export function ownRouteOf(path: string): OwnRoute | undefined {
  const normalised = withoutTrailingSlashes(decodedPath(path));
  const prefix = OWN_PREFIXES.find((own) => normalised === own || normalised.startsWith(`${own}/`));

  if (prefix === undefined) {
    return undefined;
  }

  const rest = normalised.slice(prefix.length).split('/').slice(1);

  if (rest.length === 0) {
    return { allow: ['POST'] };
  }

  if (prefix === '/v1/retrieve' && rest.length === 1) {
    // `GET /v1/retrieve/tool_call` reaches the `:hash` route, which refuses it.
    return { allow: rest[0] === 'tool_call' ? ['POST'] : ['GET'] };
  }

  return { allow: [] };
}

/**
 * Part of Fastify `rewriteUrl`: a trailing slash on one of Headroom's own paths
 * is dropped before routing, so `GET /v1/retrieve/stats/` is the stats route
 * rather than a path the provider wildcard would forward.
 */
export function withoutOwnTrailingSlash(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const trimmed = withoutTrailingSlashes(path);

  if (trimmed === path || ownRouteOf(trimmed) === undefined) {
    return url;
  }

  return trimmed + (queryAt === -1 ? '' : url.slice(queryAt));
}

function withoutTrailingSlashes(path: string): string {
  return path.replace(/(?<=.)\/+$/, '');
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
