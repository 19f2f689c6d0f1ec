import {
  type CompressInput,
  type CompressOutcome,
  TRANSPORT_PATTERNS,
  type TransportRequest,
} from '@headroom/contracts';
import { FamilyCompressors, type StreamsContext } from '@headroom/transport';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { COMPRESSORS } from './compressors.provider';

/** The json family's one message: compress a block the gateway routed here. */
@Controller()
export class CompressController {
  private readonly logger = new Logger(CompressController.name);

  constructor(@Inject(COMPRESSORS) private readonly compressors: FamilyCompressors) {}

  @MessagePattern(TRANSPORT_PATTERNS.compressJson)
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
