import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { HEADROOM_HEADER_PREFIX } from '@headroom/contracts';

// RFC 9110 §7.6.1 connection-specific headers, plus framing headers that the
// gateway recomputes for the bytes it actually sends.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
]);

function connectionTokens(headers: IncomingHttpHeaders): Set<string> {
  const value = headers['connection'];

  return new Set(
    (typeof value === 'string' ? value : '')
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
}

/**
 * Headers sent upstream: everything the client sent (credentials and provider
 * headers byte for byte), minus hop-by-hop headers, `host` (the upstream's own
 * is used), `expect` (the body is already read) and every `x-headroom-*`.
 */
export function upstreamRequestHeaders(
  headers: IncomingHttpHeaders,
): Record<string, string | string[]> {
  const dropped = connectionTokens(headers);
  const forwarded: Record<string, string | string[]> = {};

  for (const [name, value] of Object.entries(headers)) {
    if (
      value === undefined ||
      HOP_BY_HOP.has(name) ||
      dropped.has(name) ||
      name === 'host' ||
      name === 'expect' ||
      name.startsWith(HEADROOM_HEADER_PREFIX)
    ) {
      continue;
    }

    forwarded[name] = value;
  }

  return forwarded;
}

/**
 * Headers relayed to the client. Framing is left to the gateway's own HTTP
 * layer except `content-length`, which stays when the body is relayed
 * unchanged. The upstream's `x-request-id` is kept as `x-upstream-request-id`
 * because `x-request-id` carries the gateway's id on every response.
 */
export function clientResponseHeaders(
  headers: Record<string, string | string[] | undefined>,
  keepContentLength: boolean,
): OutgoingHttpHeaders {
  const relayed: OutgoingHttpHeaders = {};
  const dropped = connectionTokens(headers as IncomingHttpHeaders);

  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || dropped.has(name)) {
      continue;
    }

    if (name === 'content-length') {
      if (keepContentLength) {
        relayed[name] = Array.isArray(value) ? value[0] : value;
      }
      continue;
    }

    if (HOP_BY_HOP.has(name)) {
      continue;
    }

    relayed[name === 'x-request-id' ? 'x-upstream-request-id' : name] = value;
  }

  return relayed;
}
