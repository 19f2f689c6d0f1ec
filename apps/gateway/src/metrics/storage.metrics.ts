import { Inject, Injectable, Optional } from '@nestjs/common';
import { ORIGINAL_STORE } from '@headroom/contracts';
import { isHealthReporting, STORAGE_FAULTS } from '@headroom/storage';
import { Counter, Gauge } from 'prom-client';
import { GatewayMetrics } from './gateway-metrics.service';

// A scrape must not wait on a database that hangs.
const SCRAPE_PROBE_TIMEOUT_MS = 500;

/**
 * The CCR store's health at scrape time: `headroom_storage_up` is 1 only
 * while the database answers and takes writes, so an alert on it catches a
 * locked, full or read-only database as well as an unreachable one.
 */
@Injectable()
export class StorageMetrics {
  readonly up: Gauge<'provider'>;
  readonly writeFailures: Counter<'reason'>;
  private readonly reported = new Map<string, number>();

  constructor(
    gateway: GatewayMetrics,
    @Optional() @Inject(ORIGINAL_STORE) private readonly store?: unknown,
  ) {
    const registers = [gateway.registry];

    this.up = new Gauge({
      name: 'headroom_storage_up',
      help: 'Whether the CCR store answers and takes writes (1) or not (0), by provider',
      labelNames: ['provider'],
      registers,
      collect: () => this.collectUp(),
    });
    this.writeFailures = new Counter({
      name: 'headroom_storage_write_failures_total',
      help: 'CCR store writes that failed or were refused, by fault (locked, full, read_only, ...)',
      labelNames: ['reason'],
      registers,
      collect: () => this.collectFailures(),
    });
  }

  private async collectUp(): Promise<void> {
    if (!isHealthReporting(this.store)) return;

    const health = await this.store.health(SCRAPE_PROBE_TIMEOUT_MS);
    this.up.reset();
    this.up.set({ provider: health.provider }, health.status === 'up' ? 1 : 0);
  }

  // The store keeps the totals; the counter is moved by what is new since the last scrape.
  private collectFailures(): void {
    if (!isHealthReporting(this.store)) return;

    const totals = this.store.writeFailures();
    for (const reason of STORAGE_FAULTS) {
      const total = totals.get(reason) ?? 0;
      const delta = total - (this.reported.get(reason) ?? 0);
      this.writeFailures.inc({ reason }, Math.max(0, delta));
      this.reported.set(reason, total);
    }
  }
}
