import { Controller, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProxyService } from './proxy.service';

/** The provider routes the pipeline compresses, plus Anthropic's token counter (passed through). */
@Controller('v1')
export class ProviderController {
  constructor(private readonly proxy: ProxyService) {}

  @Post('chat/completions')
  chatCompletions(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(request, reply, 'openai-chat');
  }

  @Post('responses')
  responses(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(request, reply, 'openai-responses');
  }

  @Post('messages')
  messages(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(request, reply, 'anthropic-messages');
  }

  // Counting must see the same bytes the real request will carry, and the
  // client counts before it sends: leave it untouched.
  @Post('messages/count_tokens')
  countTokens(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(request, reply);
  }
}
