import type { CompressorFamily } from '@headroom/contracts';
import { CompressorRegistry, type CompressorPort } from '@headroom/pipeline';
import { type RequestIdSource, RemoteCompressor } from './remote-compressor';
import type { QueueDepth } from './queue-depth';
import { type FamilyHealth, StreamsClient } from './streams.client';
import { STREAMS_DEFAULTS } from './transport.options';

export type RemoteCompressorPortOptions = {
  /** `HEADROOM_REDIS_URL`. */
  redisUrl: string;
  /** Per-call timeout; a dead or slow family costs at most this. */
  timeoutMs?: number;
  /** Families to reach; all four by default. */
  families?: readonly CompressorFamily[];
  /** Returns the current request's `x-request-id`, carried in every message. */
  requestId?: RequestIdSource;
  inlineLimitBytes?: number;
};

/** The distributed `CompressorPort` plus what the gateway's probes and metrics need. */
export type RemoteCompressorPort = Omit<CompressorPort, 'checkHealth'> & {
  readonly clients: ReadonlyMap<CompressorFamily, StreamsClient>;
  /** One entry per family; never rejects. For `/readyz`. */
  checkHealth(timeoutMs?: number): Promise<FamilyHealth[]>;
  /** Backlog per family; families whose depth cannot be read are left out. */
  queueDepths(): Promise<QueueDepth[]>;
  close(): Promise<void>;
};

export const COMPRESSOR_FAMILY_NAMES: readonly CompressorFamily[] = [
  'json',
  'code',
  'dom',
  'squash',
];

/**
 * Builds the port the pipeline calls in distributed mode. Routing and the
 * segment splitting of Markdown and prose stay in the gateway (the same
 * `CompressorRegistry` as embedded mode); only the families run remotely.
 */
export function createRemoteCompressorPort(
  options: RemoteCompressorPortOptions,
): RemoteCompressorPort {
  const families = options.families ?? COMPRESSOR_FAMILY_NAMES;
  const clients = new Map<CompressorFamily, StreamsClient>();
  for (const family of families) {
    clients.set(
      family,
      new StreamsClient({
        redisUrl: options.redisUrl,
        family,
        timeoutMs: options.timeoutMs ?? STREAMS_DEFAULTS.timeoutMs,
        ...(options.inlineLimitBytes ? { inlineLimitBytes: options.inlineLimitBytes } : {}),
      }),
    );
  }
  const registry = new CompressorRegistry(
    [...clients].map(([family, client]) => new RemoteCompressor(client, family, options.requestId)),
  );

  return {
    clients,
    compress: (input) => registry.compress(input),
    checkHealth: (timeoutMs) => checkFamilies([...clients.values()], timeoutMs),
    queueDepths: () => depths([...clients.values()]),
    close: async () => {
      await Promise.all([...clients.values()].map((client) => client.close()));
    },
  };
}

export function checkFamilies(
  clients: readonly StreamsClient[],
  timeoutMs?: number,
): Promise<FamilyHealth[]> {
  return Promise.all(clients.map((client) => client.checkHealth(timeoutMs)));
}

async function depths(clients: readonly StreamsClient[]): Promise<QueueDepth[]> {
  const results = await Promise.allSettled(clients.map((client) => client.queueDepth()));

  return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}
