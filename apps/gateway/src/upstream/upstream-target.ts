import { HeadroomError } from '@headroom/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import type { Provider } from '@headroom/providers';

/**
 * Which provider a passthrough request belongs to. Anthropic when the path is
 * one of its own (`/v1/messages*`, `/v1/complete`) or the request carries its
 * headers (`anthropic-version`, `x-api-key`, which OpenAI clients never send);
 * OpenAI (or the OpenAI-compatible server configured) otherwise.
 */
export function providerForRequest(path: string, headers: IncomingHttpHeaders): Provider {
  const pathname = path.split('?')[0];

  if (
    pathname === '/v1/messages' ||
    pathname.startsWith('/v1/messages/') ||
    pathname === '/v1/complete' ||
    headers['anthropic-version'] !== undefined ||
    headers['x-api-key'] !== undefined
  ) {
    return 'anthropic';
  }

  return 'openai';
}

export type UpstreamBase = {
  /** `scheme://host:port`, the key of the connection pool. */
  origin: string;
  /** Path prefix without a trailing slash, '' when none. */
  prefix: string;
};

export function parseUpstreamBase(url: string): UpstreamBase {
  const parsed = new URL(url);

  return { origin: parsed.origin, prefix: parsed.pathname.replace(/\/+$/, '') };
}

/**
 * Joins the configured prefix and the client's path. A prefix that already ends
 * in `/v1` (the way SDK base URLs are usually written) is not doubled:
 * `http://vllm:8000/v1` + `/v1/models` → `/v1/models`, while an Azure-style
 * `https://x.openai.azure.com/openai` + `/v1/chat/completions` →
 * `/openai/v1/chat/completions`. The query string is kept as sent.
 */
export function joinUpstreamPath(base: UpstreamBase, path: string): string {
  const requestPath = path.startsWith('/') ? path : `/${path}`;
  if (hasDotSegments(requestPath)) {
    throw new HeadroomError(
      'invalid_request_error',
      'request paths may not contain . or .. segments',
    );
  }

  if (base.prefix.endsWith('/v1') && (requestPath === '/v1' || /^\/v1[/?]/.test(requestPath))) {
    return `${base.prefix}${requestPath.slice(3)}`;
  }

  return `${base.prefix}${requestPath}`;
}

/**
 * `.` and `..` segments, plain or percent-encoded, in the path part of a URL.
 * Forwarded as is, a server that normalises them would be reached outside the
 * configured prefix, so such paths are refused.
 */
export function hasDotSegments(pathAndQuery: string): boolean {
  const path = pathAndQuery.split('?')[0] ?? '';

  return path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}
