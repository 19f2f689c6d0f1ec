import { All, Controller, Req, Res } from '@nestjs/common';
import { HeadroomError } from '@headroom/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ownRouteOf } from '../http/headroom-routes';
import { ProxyService } from './proxy.service';

/**
 * Every other `/v1/*` route, any method (models, files, batches, embeddings, …):
 * forwarded unchanged to the provider `providerForRequest` picks. Static routes
 * (compressing routes, `/v1/compress`, `/v1/retrieve*`) win over this wildcard;
 * what reaches it on Headroom's own paths is answered 405 or 404 (`ownRouteOf`).
 */
@Controller('v1')
export class PassthroughController {
  constructor(private readonly proxy: ProxyService) {}

  @All('*')
  passthrough(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // Headroom's own paths reach this wildcard only with a method or sub-path
    // their routes do not take; they must never go upstream with the caller's
    // credentials.
    const path = request.url.split('?')[0];
    const own = ownRouteOf(path);

    if (own !== undefined && own.allow.length === 0) {
      throw new HeadroomError('not_found_error', `${path} is not a Headroom endpoint`);
    }

    if (own !== undefined) {
      void reply.header('allow', own.allow.join(', '));
      throw new HeadroomError('method_not_allowed', `${path} takes ${own.allow.join(', ')} only`);
    }

    return this.proxy.forward(request, reply);
  }
}
