import Database from 'better-sqlite3';
import { parseMarkers } from '@headroom/contracts';
// The report command runs in-process against the gateway's own database.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { parseArguments } from '../../../tools/cli/src/cli-arguments';
// eslint-disable-next-line @nx/enforce-module-boundaries
import type { ComplianceReport } from '../../../tools/cli/src/report/compliance-report';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { reportCommand } from '../../../tools/cli/src/report/report.command';
import { anthropicToolTurn, chatToolTurn } from './support/known-requests';
import {
  type ObservabilityHarness,
  getJson,
  sendProviderRequest,
  startObservabilityHarness,
} from './support/observability-harness';

type TenantRows = {
  tenant: string;
  requests: number;
  before: number;
  after: number;
  bytes_before: number;
  bytes_after: number;
};

function databaseFigures(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const usage = db
      .prepare(
        `SELECT tenant, count(*) AS requests, sum(tokens_before) AS before,
           sum(tokens_after) AS after, sum(bytes_before) AS bytes_before,
           sum(bytes_after) AS bytes_after
         FROM usage_requests GROUP BY tenant ORDER BY tenant`,
      )
      .all() as TenantRows[];
    const audit = db
      .prepare(
        `SELECT tenant, event || coalesce(':' || retrieval_type, '') AS event, count(*) AS count
         FROM ccr_audit GROUP BY tenant, event, retrieval_type`,
      )
      .all() as { tenant: string; event: string; count: number }[];

    return { usage, audit };
  } finally {
    db.close();
  }
}

describe('headroom report against the database', () => {
  let harness: ObservabilityHarness;
  let keys: string[] = [];

  beforeAll(async () => {
    harness = await startObservabilityHarness({ HEADROOM_API_KEYS: 'key-a:acme,key-b:globex' });
    const sends = [
      ['key-a', 'anthropic-messages', anthropicToolTurn()],
      ['key-a', 'openai-chat', chatToolTurn('gpt-4o-mini')],
      ['key-b', 'openai-chat', chatToolTurn()],
    ] as const;
    for (const [key, format, body] of sends) {
      expect(await sendProviderRequest(harness.url, format, body, { 'x-headroom-key': key })).toBe(
        200,
      );
    }
    // One hit and one miss for acme's audit trail.
    keys = harness.upstream.requests
      .map((request) => request.body.toString('utf8'))
      .flatMap((body) => parseMarkers(body).map((marker) => marker.key));
    for (const hash of [keys[0], 'f'.repeat(24)]) {
      const response = await fetch(`${harness.url}/v1/retrieve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-headroom-key': 'key-a' },
        body: JSON.stringify({ hash }),
      });
      await response.arrayBuffer();
    }
    // /stats-history flushes the usage writer's buffer before it answers.
    await getJson(`${harness.url}/stats-history`);
  });

  afterAll(() => harness?.close());

  async function report(...extra: string[]): Promise<string> {
    const day = new Date().toISOString().slice(0, 10);

    return reportCommand(
      parseArguments([
        'report',
        '--from',
        day,
        '--to',
        day,
        '--database',
        harness.databaseUrl,
        ...extra,
      ]),
    );
  }

  it('totals tokens, bytes and the CCR audit trail exactly as the rows say', async () => {
    const json = JSON.parse(await report('--format', 'json')) as ComplianceReport;
    const rows = databaseFigures(harness.databasePath);
    const acmeAudit = Object.fromEntries(
      rows.audit.filter((row) => row.tenant === 'acme').map((row) => [row.event, row.count]),
    );

    expect(json.tenants.map((tenant) => tenant.tenant)).toEqual(['acme', 'globex']);
    for (const row of rows.usage) {
      const figures = json.tenants.find((tenant) => tenant.tenant === row.tenant);
      expect(figures).toMatchObject({
        requests: row.requests,
        tokensProcessed: row.before,
        tokensForwarded: row.after,
        tokensAvoided: row.before - row.after,
        bytesReceived: row.bytes_before,
        bytesForwarded: row.bytes_after,
        bytesNotSent: row.bytes_before - row.bytes_after,
      });
    }
    expect(json.totals.requests).toBe(3);
    expect(json.totals.tokensProcessed).toBe(rows.usage.reduce((sum, row) => sum + row.before, 0));
    expect(json.totals.dollarsSaved).toBeGreaterThan(0);
    expect(json.tenants[0].ccr).toEqual({
      stores: acmeAudit.store,
      retrievals: acmeAudit['retrieve:full'] + (acmeAudit['retrieve:search'] ?? 0),
      fullReads: acmeAudit['retrieve:full'],
      searches: acmeAudit['retrieve:search'] ?? 0,
      misses: acmeAudit['miss:full'],
      expired: 0,
      purges: 0,
    });
    expect(keys.length).toBeGreaterThan(0);
    expect(acmeAudit).toMatchObject({ 'retrieve:full': 1, 'miss:full': 1 });
    expect(json.retention.defaultTtlSeconds).toBe(7 * 86_400);
    expect(json.database).toBe(`sqlite:${harness.databasePath}`);
  });

  it('scopes to one tenant and writes CSV and HTML with the same figures', async () => {
    const scoped = JSON.parse(await report('--tenant', 'globex')) as ComplianceReport;
    const csv = (await report('--format', 'csv')).trim().split('\r\n');
    const html = await report('--format', 'html', '--tenant', 'acme');

    expect(scoped.tenants.map((tenant) => tenant.tenant)).toEqual(['globex']);
    expect(csv[0].split(',')).toEqual(
      expect.arrayContaining(['tenant', 'tokens_processed', 'tokens_avoided', 'ccr_misses']),
    );
    expect(csv.map((line) => line.split(',')[2])).toEqual(['tenant', 'acme', 'globex', '*']);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<(script|link)\b|https?:\/\//);
  });
});
