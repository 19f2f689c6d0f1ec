import type { CompressInput, CompressOutcome, TransportRequest } from '@headroom/contracts';
import type { CompressorsByKind } from '@headroom/pipeline';
import { Controller, Inject, Logger, type Type } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import type { StreamsContext } from './streams.context';

export type FamilyController = {
  compress(
    request: TransportRequest<CompressInput>,
    context: StreamsContext,
  ): Promise<CompressOutcome>;
};

/**
 * The one message a compressor worker answers, for the family whose pattern
 * it is given: compress a block the gateway routed here. Every worker app is
 * this controller around its own compressors (injected under `token`).
 */
export function compressController(
  pattern: string,
  token: symbol,
): Type<FamilyController> & (new (compressors: CompressorsByKind) => FamilyController) {
  @Controller()
  class CompressController implements FamilyController {
    private readonly logger = new Logger(CompressController.name);

    constructor(@Inject(token) private readonly compressors: CompressorsByKind) {}

    @MessagePattern(pattern)
    async compress(
      @Payload() request: TransportRequest<CompressInput>,
      @Ctx() context: StreamsContext,
    ): Promise<CompressOutcome> {
      const started = Date.now();
      const outcome = await this.compressors.compress(request.payload);
      this.logger.debug({
        msg: 'compressed',
        requestId: context.getRequestId(),
        kind: request.payload.kind,
        status: outcome.status,
        charsBefore: request.payload.text.length,
        charsAfter: outcome.status === 'compressed' ? outcome.text.length : undefined,
        durationMs: Date.now() - started,
      });

      return outcome;
    }
  }

  return CompressController;
}
