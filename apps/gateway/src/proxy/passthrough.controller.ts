import { All, Controller, Req, Res } from '@nestjs/common';
import { HeadroomError } from '@headroom/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProxyService } from './proxy.service';

// Headroom's own endpoints that only take POST. Another method on them is a
// client mistake, not a provider call: it must not go upstream with the
// caller's credentials.
const HEADROOM_POST_ONLY: ReadonlySet<string> = new Set([
  '/v1/compress',
  '/v1/retrieve',
  '/v1/retrieve/tool_call',
]);

/**
 * Every other `/v1/*` route, any method (models, files, batches, embeddings, …):
 * forwarded unchanged to the provider `providerForRequest` picks. Static routes
 * (compressing routes, `/v1/compress`, `/v1/retrieve*`) win over this wildcard.
 */
@Controller('v1')
export class PassthroughController {
  constructor(private readonly proxy: ProxyService) {}

  @All('*')
  passthrough(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const path = request.url.split('?')[0].replace(/\/+$/, '');
    if (HEADROOM_POST_ONLY.has(path)) {
      void reply.header('allow', 'POST');
      throw new HeadroomError('method_not_allowed', `${path} takes POST only`);
    }

    return this.proxy.forward(request, reply);
  }
}
