import { errorEnvelope, HEADERS } from '@headroom/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Fastify `frameworkErrors`: a path the router cannot decode (`/v1/%ZZ`) or a
 * parameter over its length limit never reaches a route or the global filter.
 * It still gets the Headroom envelope with its request id, and `onAnswered`
 * counts it, since Fastify runs no `onResponse` hook for it.
 */
export function answerUnroutable(
  onAnswered: (request: FastifyRequest, status: number) => void,
): (error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    const isTooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
    const status = isTooLong ? 414 : 400;
    const message = isTooLong
      ? 'a path segment is too long'
      : 'the request path is not valid percent-encoding';

    onAnswered(request, status);
    void reply
      .code(status)
      .header(HEADERS.requestId, request.id)
      .header('content-type', 'application/json; charset=utf-8')
      .send(errorEnvelope('invalid_request_error', message, request.id));
  };
}

/**
 * HTTP/1.1 requires `Host` (RFC 9112 §3.2). Node's own check answers a bare
 * 400 with no body, so the gateway turns it off and refuses here instead, in
 * the envelope, after the request has its id and is counted like any other.
 */
export function missingHostProblem(request: FastifyRequest): string | undefined {
  const isHttp11 = request.raw.httpVersionMajor === 1 && request.raw.httpVersionMinor === 1;

  return isHttp11 && request.headers.host === undefined
    ? 'an HTTP/1.1 request must carry a Host header'
    : undefined;
}
