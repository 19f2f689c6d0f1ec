import type { FastifyInstance } from 'fastify';

/**
 * Replaces Fastify's parsers with one that keeps every body as the exact bytes
 * received, whatever the content type. Byte-faithful passthrough depends on it:
 * nothing is parsed and re-serialised unless the pipeline changes something.
 */
// TODO(#2): passthrough routes (file uploads) could stream the body upstream
// instead of holding it whole; today they are bounded by HEADROOM_MAX_BODY_MB.
export function keepRawBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
}
