import type { Registry } from 'prom-client';

// prom-client's default metrics include three gauges with a `_total` suffix,
// which Prometheus reserves for counters, so `promtool check metrics` rejects
// the whole exposition. Each is only the sum of a by-type gauge prom-client
// also exports (`nodejs_active_handles`, `_requests`, `_resources`), so
// dropping them loses nothing: `sum(...)` over the by-type gauge gives it.
const MISNAMED_DEFAULT_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** Removes the default gauges whose names break Prometheus' counter convention. */
export function removeMisnamedDefaultGauges(registry: Registry, prefix: string): void {
  for (const name of MISNAMED_DEFAULT_GAUGES) {
    if (registry.getSingleMetric(`${prefix}${name}`)) {
      registry.removeSingleMetric(`${prefix}${name}`);
    }
  }
}
