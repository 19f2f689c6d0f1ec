import {
  COMPRESSOR_FAMILIES,
  type CompressInput,
  type CompressOutcome,
  type Compressor,
  type CompressorFamily,
  type ContentKind,
} from '@headroom/contracts';
import type { StreamsClient } from './streams.client';

/** Where the current request's `x-request-id` comes from (the gateway's request scope). */
export type RequestIdSource = () => string | undefined;

/**
 * A compressor family that runs in its worker replicas: the same `Compressor`
 * contract as the in-process libs, so the registry routes to it unchanged.
 */
export class RemoteCompressor implements Compressor {
  readonly name: string;
  readonly kinds: readonly ContentKind[];
  private readonly pattern: string;

  constructor(
    private readonly client: StreamsClient,
    family: CompressorFamily,
    private readonly requestId: RequestIdSource = () => undefined,
  ) {
    this.name = `remote:${family}`;
    this.kinds = COMPRESSOR_FAMILIES[family].kinds;
    this.pattern = COMPRESSOR_FAMILIES[family].pattern;
  }

  compress(input: CompressInput): Promise<CompressOutcome> {
    return this.client.request<CompressOutcome, CompressInput>(
      this.pattern,
      input,
      this.requestId(),
    );
  }
}
