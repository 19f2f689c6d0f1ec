import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HEADERS } from '@headroom/contracts';

// A client id is reused only if it is short and plain, so it cannot inject
// lines or markup into logs.
const ACCEPTED_REQUEST_ID = /^[\w.:/+=-]{1,128}$/;

/** Fastify `genReqId`: the client's `x-request-id` when acceptable, else a fresh UUID. */
export function requestIdFor(request: IncomingMessage): string {
  const offered = request.headers[HEADERS.requestId];

  return typeof offered === 'string' && ACCEPTED_REQUEST_ID.test(offered) ? offered : randomUUID();
}
