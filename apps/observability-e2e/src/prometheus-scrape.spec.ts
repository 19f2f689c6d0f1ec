import { anthropicToolTurn } from './support/known-requests';
import {
  type ObservabilityHarness,
  sendProviderRequest,
  startObservabilityHarness,
} from './support/observability-harness';
import { type PrometheusServer, eventually, startPrometheus } from './support/prometheus-server';

type QueryAnswer = {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
};
type TargetsAnswer = {
  data: { activeTargets: { health: string; lastError: string; scrapeUrl: string }[] };
};

async function query(prometheus: PrometheusServer, expression: string): Promise<QueryAnswer> {
  const response = await fetch(
    `${prometheus.url}/api/v1/query?query=${encodeURIComponent(expression)}`,
  );

  return (await response.json()) as QueryAnswer;
}

describe('a real Prometheus scraping the gateway', () => {
  let harness: ObservabilityHarness;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    harness = await startObservabilityHarness();
    expect(await sendProviderRequest(harness.url, 'anthropic-messages', anthropicToolTurn())).toBe(
      200,
    );
    prometheus = await startPrometheus(new URL(harness.url).host);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await harness?.close();
  });

  it('reports the target healthy and up == 1', async () => {
    const target = await eventually(
      async () => {
        const response = await fetch(`${prometheus.url}/api/v1/targets`);
        const answer = (await response.json()) as TargetsAnswer;
        const active = answer.data.activeTargets[0];
        return active?.health === 'up' ? active : undefined;
      },
      30_000,
      () => `target never healthy; prometheus said: ${prometheus.output()}`,
    );
    const up = await eventually(
      async () => {
        const answer = await query(prometheus, 'up{job="headroom"}');
        return answer.data.result[0]?.value[1] === '1' ? answer : undefined;
      },
      15_000,
      () => 'up never 1',
    );

    expect(target.lastError).toBe('');
    expect(up.data.result).toHaveLength(1);
  });

  it('stores the gateway series with their labels', async () => {
    const answer = await eventually(
      async () => {
        const result = await query(
          prometheus,
          'sum by (model) (headroom_provider_requests_total{route="anthropic-messages"})',
        );
        return result.data.result.length > 0 ? result : undefined;
      },
      15_000,
      () => 'headroom_provider_requests_total never stored',
    );

    expect(answer.data.result).toEqual([
      { metric: { model: 'claude-sonnet-4-5' }, value: [expect.any(Number), '1'] },
    ]);
  });
});
