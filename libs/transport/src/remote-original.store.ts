import {
  type CcrLookupPayload,
  type CcrRefreshPayload,
  type CcrSavePayload,
  type LookupResult,
  type OriginalMetadata,
  type OriginalRecord,
  type OriginalStore,
  type RetrievalIntent,
  TRANSPORT_PATTERNS,
} from '@headroom/contracts';
import type { RequestIdSource } from './remote-compressor';
import { type FamilyHealth, StreamsClient } from './streams.client';
import { reviveLookupResult } from './stored-original.codec';
import { TransportError } from './transport.error';

export type RemoteOriginalStoreOptions = {
  redisUrl: string;
  /** Saves are on the request path before any marker leaves: keep this short. */
  timeoutMs?: number;
  requestId?: RequestIdSource;
};

/**
 * The CCR store of the CCR service, reached over the transport. `save`
 * resolves only once the service has committed the records, so the pipeline's
 * durable-before-visible rule holds across the wire; a timeout rejects and
 * the pipeline emits no marker.
 */
export class RemoteOriginalStore implements OriginalStore {
  readonly client: StreamsClient;
  private readonly requestId: RequestIdSource;

  constructor(options: RemoteOriginalStoreOptions) {
    this.client = new StreamsClient({
      redisUrl: options.redisUrl,
      family: 'ccr',
      timeoutMs: options.timeoutMs ?? 3_000,
    });
    this.requestId = options.requestId ?? (() => undefined);
  }

  async save(records: readonly OriginalRecord[], metadata: OriginalMetadata): Promise<void> {
    if (records.length === 0) return;

    await this.client.request<null, CcrSavePayload>(
      TRANSPORT_PATTERNS.ccrSave,
      { records: [...records], metadata },
      metadata.requestId ?? this.requestId(),
    );
  }

  async lookup(
    tenant: string,
    key: string,
    actor?: string,
    intent?: RetrievalIntent,
  ): Promise<LookupResult> {
    const result = await this.client.request<unknown, CcrLookupPayload>(
      TRANSPORT_PATTERNS.ccrLookup,
      {
        tenant,
        key,
        ...(actor === undefined ? {} : { actor }),
        ...(intent?.query === undefined ? {} : { query: intent.query }),
      },
      this.requestId(),
    );

    return reviveLookupResult(result);
  }

  // TODO(#9): a CCR service older than this gateway has no `ccr.refresh`
  // handler; until it is upgraded every replayed marker fails open (the block
  // goes uncompressed) instead of falling back to today's blind replay.
  async refresh(tenant: string, keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) return [];

    const absent = await this.client.request<unknown, CcrRefreshPayload>(
      TRANSPORT_PATTERNS.ccrRefresh,
      { tenant, keys: [...keys] },
      this.requestId(),
    );
    if (!Array.isArray(absent) || !absent.every((key) => typeof key === 'string')) {
      throw new TransportError('bad_request', 'malformed ccr.refresh answer', 'ccr.refresh');
    }

    return absent;
  }

  checkHealth(timeoutMs?: number): Promise<FamilyHealth> {
    return this.client.checkHealth(timeoutMs);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
