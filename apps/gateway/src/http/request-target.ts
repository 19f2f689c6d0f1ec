import type { IncomingMessage } from 'node:http';
import { withoutOwnTrailingSlash } from './headroom-routes';

// `scheme://authority` at the start of an absolute-form request target.
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/**
 * Fastify `rewriteUrl`: an absolute-form target (`POST http://other.host/v1/x`)
 * becomes its origin-form path (`/v1/x`) before routing. The gateway is no
 * forward proxy: the authority a client names is dropped, and only the
 * configured upstream is ever reached, with a path it can make sense of. A
 * trailing slash on a Headroom path is dropped too (see `headroom-routes`).
 */
export function originFormUrl(request: IncomingMessage): string {
  const url = request.url ?? '/';

  if (url.startsWith('/')) {
    return withoutOwnTrailingSlash(url);
  }

  const path = url.replace(ABSOLUTE_FORM, '');

  return withoutOwnTrailingSlash(path.startsWith('/') ? path : `/${path}`);
}
