import type { IncomingHttpHeaders } from 'node:http';
import type { RequestMode } from '@headroom/contracts';
import type { PipelineResult } from '@headroom/pipeline';
import type { Provider, ProviderFormat } from '@headroom/providers';

/** Everything known about one provider request while it is in flight. */
export type ProviderExchange = {
  requestId: string;
  /** Metric and log label: the provider format, or `passthrough`. */
  route: ProviderFormat | 'passthrough';
  provider: Provider;
  format: ProviderFormat | undefined;
  tenant: string;
  mode: RequestMode;
  sessionId: string | undefined;
  method: string;
  path: string;
  clientHeaders: IncomingHttpHeaders;
  /** Headers as sent upstream (credentials included): never log them. */
  upstreamHeaders: Record<string, string | string[]>;
  /** The bytes the client sent. */
  clientBody: Buffer;
  /** The bytes sent upstream: `clientBody` itself unless the pipeline changed something. */
  forwardedBody: Buffer;
  /** Set when the pipeline ran. */
  pipeline: PipelineResult | undefined;
  failOpen: boolean;
  /** Cached input tokens the provider reported, once the relay has read them (usage rows). */
  cachedTokens?: number;
  /** Aborted when the client goes away; every upstream call must carry it. */
  signal: AbortSignal;
  startedAt: number;
};
