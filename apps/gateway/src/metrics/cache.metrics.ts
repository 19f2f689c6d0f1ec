import { Inject, Injectable } from '@nestjs/common';
import type { CompressionPipeline } from '@headroom/pipeline';
import { Gauge } from 'prom-client';
import { COMPRESSION_PIPELINE } from '../pipeline/pipeline.tokens';
import { GatewayMetrics } from './gateway-metrics.service';

/**
 * What the pipeline's in-process caches hold at scrape time. Both are bounded
 * (by entries and by bytes), so under steady traffic these climb to their
 * bound and stay: a heap that keeps rising beyond them is a leak elsewhere.
 */
@Injectable()
export class CacheMetrics {
  readonly bytes: Gauge<'cache'>;
  readonly entries: Gauge<'cache'>;

  constructor(
    gateway: GatewayMetrics,
    @Inject(COMPRESSION_PIPELINE) private readonly pipeline: CompressionPipeline,
  ) {
    const registers = [gateway.registry];

    this.bytes = new Gauge({
      name: 'headroom_cache_bytes',
      help: 'Text held by an in-process cache (compression outcomes, session replay), as accounted against its bound',
      labelNames: ['cache'],
      registers,
      collect: () => this.collect(),
    });
    this.entries = new Gauge({
      name: 'headroom_cache_entries',
      help: 'Entries held by an in-process cache',
      labelNames: ['cache'],
      registers,
    });
  }

  private collect(): void {
    for (const { cache, entries, bytes } of this.pipeline.cacheOccupancy?.() ?? []) {
      this.bytes.set({ cache }, bytes);
      this.entries.set({ cache }, entries);
    }
  }
}
