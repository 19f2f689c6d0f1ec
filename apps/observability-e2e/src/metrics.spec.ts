import Database from 'better-sqlite3';
import { anthropicToolTurn, chatToolTurn } from './support/known-requests';
import { parseExposition, promtoolCheck, total } from './support/exposition';
import {
  type ObservabilityHarness,
  getText,
  sendProviderRequest,
  startObservabilityHarness,
} from './support/observability-harness';

function auditRows(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT event, count(*) AS count FROM ccr_audit GROUP BY event')
      .all() as { event: string; count: number }[];
    return Object.fromEntries(rows.map((row) => [row.event, row.count]));
  } finally {
    db.close();
  }
}

describe('GET /metrics', () => {
  let harness: ObservabilityHarness;
  let exposition: string;

  beforeAll(async () => {
    harness = await startObservabilityHarness();
    // Two conversations (distinct sessions), then an OpenAI one, then a passthrough.
    expect(await sendProviderRequest(harness.url, 'anthropic-messages', anthropicToolTurn())).toBe(
      200,
    );
    expect(
      await sendProviderRequest(
        harness.url,
        'anthropic-messages',
        anthropicToolTurn('claude-haiku-4-5'),
      ),
    ).toBe(200);
    expect(await sendProviderRequest(harness.url, 'openai-chat', chatToolTurn())).toBe(200);
    expect(
      await sendProviderRequest(harness.url, 'openai-chat', chatToolTurn(), {
        'x-headroom-bypass': 'true',
      }),
    ).toBe(200);
    exposition = await getText(`${harness.url}/metrics`);
  });

  afterAll(() => harness.close());

  it('counts provider requests by route, provider, model and status', () => {
    const samples = parseExposition(exposition);

    expect(
      total(samples, 'headroom_provider_requests_total', {
        route: 'anthropic-messages',
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        status: '200',
      }),
    ).toBe(1);
    expect(
      total(samples, 'headroom_provider_requests_total', { route: 'anthropic-messages' }),
    ).toBe(2);
    expect(total(samples, 'headroom_provider_requests_total', { provider: 'openai' })).toBe(2);
  });

  it('counts tokens before, after and saved by tenant, model and compressor', () => {
    const samples = parseExposition(exposition);
    const before = total(samples, 'headroom_request_tokens_before_total', { tenant: 'default' });
    const after = total(samples, 'headroom_request_tokens_after_total', { tenant: 'default' });
    const savedByJson = total(samples, 'headroom_tokens_saved_total', { compressor: 'json' });

    expect(before).toBeGreaterThan(after);
    expect(savedByJson).toBeGreaterThan(0);
    expect(
      total(samples, 'headroom_request_tokens_before_total', { model: 'claude-haiku-4-5' }),
    ).toBeGreaterThan(0);
    // The owner's route-level counters agree with the tenant-level ones.
    expect(total(samples, 'headroom_tokens_before_total')).toBe(before);
  });

  it('observes overhead, pipeline, time to first byte and upstream latency', () => {
    const samples = parseExposition(exposition);

    expect(total(samples, 'headroom_gateway_overhead_seconds_count')).toBe(3);
    expect(total(samples, 'headroom_pipeline_stage_seconds_count', { stage: 'run' })).toBe(3);
    for (const stage of ['inspect', 'compress', 'persist', 'edit', 'count']) {
      expect(total(samples, 'headroom_pipeline_stage_seconds_count', { stage })).toBe(3);
    }
    expect(
      total(samples, 'headroom_compressor_seconds_count', { compressor: 'json' }),
    ).toBeGreaterThan(0);
    expect(total(samples, 'headroom_time_to_first_byte_seconds_count')).toBe(4);
    expect(total(samples, 'headroom_provider_request_duration_seconds_count')).toBe(4);
    expect(total(samples, 'headroom_upstream_response_seconds_count')).toBe(4);
  });

  it('counts CCR stores in process and the audit trail as the database holds it', async () => {
    const samples = parseExposition(exposition);
    const unknownKey = 'a'.repeat(24);
    const retrieval = await fetch(`${harness.url}/v1/retrieve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hash: unknownKey }),
    });
    await retrieval.arrayBuffer();
    const after = parseExposition(await getText(`${harness.url}/metrics`));
    const rows = auditRows(harness.databasePath);

    expect(total(samples, 'headroom_ccr_stores_total', { tenant: 'default' })).toBeGreaterThan(0);
    expect(retrieval.status).toBe(404);
    expect(total(after, 'headroom_ccr_audit_events', { event: 'miss' })).toBe(rows.miss ?? 0);
    expect(rows.miss).toBe(1);
    expect(total(after, 'headroom_ccr_audit_events', { event: 'store' })).toBe(rows.store ?? 0);
  });

  it('exposes fail-open, prefix, worker and process metrics', () => {
    const samples = parseExposition(exposition);

    expect(exposition).toContain('# TYPE headroom_compression_fail_open_total counter');
    expect(exposition).toContain('# TYPE headroom_compressor_fail_open_total counter');
    expect(exposition).toContain('# TYPE headroom_prefix_busts_total counter');
    expect(total(samples, 'headroom_compressor_workers_up', { family: 'json' })).toBe(1);
    expect(total(samples, 'headroom_process_resident_memory_bytes')).toBeGreaterThan(0);
    // The tool turns above were compressed: their outcomes and sessions are held.
    expect(total(samples, 'headroom_cache_entries', { cache: 'compression' })).toBeGreaterThan(0);
    expect(total(samples, 'headroom_cache_bytes', { cache: 'compression' })).toBeGreaterThan(0);
    expect(total(samples, 'headroom_cache_entries', { cache: 'sessions' })).toBeGreaterThan(0);
  });

  it('passes promtool check metrics', () => {
    const { status, output } = promtoolCheck(exposition);

    expect(output).toBe('');
    expect(status).toBe(0);
  });
});
