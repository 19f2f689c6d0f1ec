import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { readQueueDepth } from './queue-depth';
import type { StreamsServer } from './streams.server';

/**
 * Kubernetes probes a worker over plain HTTP on a side port: `/livez` says
 * the process runs, `/readyz` that its Redis connection is up, `/metrics`
 * serves its counters and its family's queue depth (the HPA's external
 * metric). No exec probe: starting a Node process per probe costs more than
 * the worker's own work.
 */
export class WorkerHealthServer {
  private readonly logger = new Logger(WorkerHealthServer.name);
  private readonly registry = new Registry();
  private http: Server | undefined;

  constructor(private readonly transport: StreamsServer) {
    this.registerMetrics();
  }

  async listen(port: number, host: string): Promise<number> {
    this.http = createServer((request, response) => {
      void this.route(request.url ?? '/').then(({ status, type, body }) => {
        response.writeHead(status, { 'content-type': type });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => this.http?.listen(port, host, resolve));
    const bound = (this.http.address() as AddressInfo).port;
    this.logger.log({ msg: 'health server listening', port: bound });

    return bound;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.http ? this.http.close(() => resolve()) : resolve(),
    );
  }

  private async route(url: string): Promise<{ status: number; type: string; body: string }> {
    const path = url.split('?')[0];
    if (path === '/livez') return json(200, { status: 'ok' });
    if (path === '/readyz') {
      const ready = this.transport.isConnected();

      return json(ready ? 200 : 503, {
        status: ready ? 'ok' : 'unavailable',
        family: this.transport.family,
        consumer: this.transport.consumer,
      });
    }
    if (path === '/metrics') {
      return { status: 200, type: this.registry.contentType, body: await this.registry.metrics() };
    }

    return json(404, { status: 'not found' });
  }

  private registerMetrics(): void {
    const transport = this.transport;
    const labels = { family: transport.family };
    const counter = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        labelNames: ['family'],
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(labels, read());
        },
      });
    counter(
      'headroom_worker_handled_total',
      'Requests this replica answered',
      () => transport.stats.handled,
    );
    counter(
      'headroom_worker_failed_total',
      'Requests this replica answered with an error',
      () => transport.stats.failed,
    );
    counter(
      'headroom_worker_expired_total',
      'Requests dropped because the caller had given up',
      () => transport.stats.expired,
    );
    counter(
      'headroom_worker_claimed_total',
      'Abandoned requests taken over from a dead replica',
      () => transport.stats.claimed,
    );
    new Gauge({
      name: 'headroom_worker_in_flight',
      help: 'Requests this replica is working on',
      labelNames: ['family'],
      registers: [this.registry],
      collect() {
        this.set(labels, transport.stats.inFlight);
      },
    });
    new Gauge({
      name: 'headroom_transport_queue_depth',
      help: 'Requests in the family stream not yet answered (waiting plus pending)',
      labelNames: ['family', 'state'],
      registers: [this.registry],
      async collect() {
        const redis = transport.connection();
        if (!redis) return;
        try {
          const depth = await readQueueDepth(redis, transport.family);
          this.set({ ...labels, state: 'waiting' }, depth.waiting);
          this.set({ ...labels, state: 'pending' }, depth.pending);
        } catch {
          // Redis away: the gauge keeps its last value; /readyz reports the outage.
        }
      },
    });
  }
}

function json(status: number, value: unknown) {
  return { status, type: 'application/json', body: JSON.stringify(value) };
}
