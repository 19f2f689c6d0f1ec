import { All, Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProxyService } from './proxy.service';

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
    return this.proxy.forward(request, reply);
  }
}
