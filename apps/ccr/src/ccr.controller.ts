import {
  type CcrLookupPayload,
  type CcrRefreshPayload,
  type CcrSavePayload,
  type LookupResult,
  ORIGINAL_STORE,
  TRANSPORT_PATTERNS,
  type TransportRequest,
} from '@headroom/contracts';
import type { ManagedOriginalStore } from '@headroom/ccr';
import type { StreamsContext } from '@headroom/transport';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';

/** `ccr.save`, `ccr.lookup` and `ccr.refresh`: the gateways' only way to the CCR store. */
@Controller()
export class CcrController {
  private readonly logger = new Logger(CcrController.name);

  constructor(@Inject(ORIGINAL_STORE) private readonly store: ManagedOriginalStore) {}

  /** Answers only once every record is committed: the gateway emits markers after that. */
  @MessagePattern(TRANSPORT_PATTERNS.ccrSave)
  async save(
    @Payload() request: TransportRequest<CcrSavePayload>,
    @Ctx() context: StreamsContext,
  ): Promise<null> {
    const { records, metadata } = request.payload;
    await this.store.save(records, {
      ...metadata,
      requestId: metadata.requestId ?? context.getRequestId(),
    });
    this.logger.debug({
      msg: 'originals saved',
      requestId: context.getRequestId(),
      count: records.length,
    });

    return null;
  }

  @MessagePattern(TRANSPORT_PATTERNS.ccrLookup)
  async lookup(
    @Payload() request: TransportRequest<CcrLookupPayload>,
    @Ctx() context: StreamsContext,
  ): Promise<LookupResult> {
    const { tenant, key, actor, query } = request.payload;
    // A payload from a gateway older than the query field is a full read.
    const result = await this.store.lookup(tenant, key, actor, {
      query: typeof query === 'string' ? query : undefined,
    });
    this.logger.debug({
      msg: 'original looked up',
      requestId: context.getRequestId(),
      status: result.status,
    });

    return result;
  }

  /** Slides the expiry of replayed markers' originals; answers the keys with none. */
  @MessagePattern(TRANSPORT_PATTERNS.ccrRefresh)
  async refresh(
    @Payload() request: TransportRequest<CcrRefreshPayload>,
    @Ctx() context: StreamsContext,
  ): Promise<string[]> {
    const { tenant, keys } = request.payload;
    const absent = (await this.store.refresh?.(tenant, keys)) ?? [];
    this.logger.debug({
      msg: 'originals refreshed',
      requestId: context.getRequestId(),
      count: keys.length,
      absent: absent.length,
    });

    return absent;
  }
}
