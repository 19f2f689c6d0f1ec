import Database from 'better-sqlite3';
import type { CompressionPipeline } from '@headroom/pipeline';
import { anthropicToolTurn } from './support/known-requests';
import { parseExposition, total } from './support/exposition';
import {
  type ObservabilityHarness,
  getJson,
  getText,
  sendProviderRequest,
  startObservabilityHarness,
} from './support/observability-harness';

// A pipeline that always fails: the gateway must forward uncompressed and count it.
const brokenPipeline: CompressionPipeline = {
  run: () => Promise.reject(new Error('compressor crashed')),
  compressMessages: () => Promise.reject(new Error('compressor crashed')),
  recordUsage: () => Promise.resolve(),
};

describe('fail-open observability', () => {
  let harness: ObservabilityHarness;

  beforeAll(async () => {
    harness = await startObservabilityHarness({}, brokenPipeline);
  });

  afterAll(() => harness?.close());

  it('counts the fail-open event and records the request as uncompressed', async () => {
    const body = anthropicToolTurn();

    expect(await sendProviderRequest(harness.url, 'anthropic-messages', body)).toBe(200);
    await getJson(`${harness.url}/stats-history`);
    const samples = parseExposition(await getText(`${harness.url}/metrics`));
    const db = new Database(harness.databasePath, { readonly: true });
    const rows = db
      .prepare('SELECT fail_open, bytes_before, bytes_after, tokens_before FROM usage_requests')
      .all();
    db.close();

    expect(
      total(samples, 'headroom_compression_fail_open_total', {
        route: 'anthropic-messages',
        reason: 'error',
      }),
    ).toBe(1);
    expect(total(samples, 'headroom_provider_requests_total', { status: '200' })).toBe(1);
    expect(rows).toEqual([
      {
        fail_open: 1,
        bytes_before: Buffer.byteLength(body),
        bytes_after: Buffer.byteLength(body),
        tokens_before: 0,
      },
    ]);
  });
});
