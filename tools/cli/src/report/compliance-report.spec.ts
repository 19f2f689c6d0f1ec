import { RetentionPolicy } from '@headroom/ccr';
import type { UsageRow } from '@headroom/storage';
import { buildComplianceReport } from './compliance-report';
import { renderReport } from './report.renderer';

function usage(tenant: string, before: number, after: number, day: string): UsageRow {
  return {
    requestId: `${tenant}-${day}`,
    tenant,
    route: 'anthropic-messages',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    status: 200,
    tokensBefore: before,
    tokensAfter: after,
    cachedTokens: 10,
    bytesBefore: before * 4,
    bytesAfter: after * 4,
    durationMs: 5,
    overheadMs: 1,
    compressors: ['json:1'],
    ccrStored: 1,
    failOpen: false,
    at: new Date(`${day}T12:00:00Z`),
  };
}

describe(buildComplianceReport.name, () => {
  const report = buildComplianceReport({
    from: new Date('2026-12-01T00:00:00Z'),
    to: new Date('2026-12-05T00:00:00Z'),
    tenant: undefined,
    database: 'sqlite:/tmp/x.db',
    usage: [
      usage('acme', 1_000_000, 400_000, '2026-12-02'),
      usage('acme', 100, 100, '2026-12-03'),
      usage('globex', 2_000, 1_000, '2026-12-03'),
    ],
    audit: [
      { tenant: 'acme', event: 'store', count: 3 },
      { tenant: 'acme', event: 'retrieve', count: 1 },
      { tenant: 'acme', event: 'retrieve', retrievalType: 'full', count: 4 },
      { tenant: 'acme', event: 'retrieve', retrievalType: 'search', count: 2 },
      { tenant: 'initech', event: 'purge', count: 2 },
    ],
    held: [{ tenant: 'acme', originals: 2, bytes: 900 }],
    retention: new RetentionPolicy(86_400, { globex: 3_600 }),
    now: new Date('2026-12-05T00:00:00Z'),
  });

  it('sums tokens, money and bytes per tenant and in total', () => {
    const acme = report.tenants[0];

    expect(report.tenants.map((row) => row.tenant)).toEqual(['acme', 'globex', 'initech']);
    expect(acme).toMatchObject({
      requests: 2,
      tokensProcessed: 1_000_100,
      tokensAvoided: 600_000,
      cachedTokens: 20,
      bytesNotSent: 2_400_000,
      originalsHeld: 2,
      retentionTtlSeconds: 86_400,
    });
    // claude-sonnet-4-5: $3 per million input tokens.
    expect(acme.dollarsSaved).toBeCloseTo(1.8, 10);
    expect(report.totals.tokensAvoided).toBe(601_000);
    expect(report.totals.ccr).toEqual({
      stores: 3,
      retrievals: 7,
      fullReads: 4,
      searches: 2,
      misses: 0,
      expired: 0,
      purges: 2,
    });
    expect(report.retention.byTenant).toEqual({ acme: 86_400, globex: 3_600, initech: 86_400 });
    expect(report.daily.map((day) => day.day)).toEqual(['2026-12-02', '2026-12-03']);
  });

  it('renders CSV rows per tenant plus a total row', () => {
    const lines = renderReport(report, 'csv').trim().split('\r\n');

    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^2026-12-01T00:00:00.000Z,2026-12-05T00:00:00.000Z,\*,3,/);
    const header = lines[0].split(',');
    const acme = lines[1].split(',');
    expect(acme[header.indexOf('ccr_retrievals')]).toBe('7');
    expect(acme[header.indexOf('ccr_full_reads')]).toBe('4');
    expect(acme[header.indexOf('ccr_searches')]).toBe('2');
  });

  it('renders a standalone HTML page with charts', () => {
    const html = renderReport(report, 'html');

    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('Retention policies in force');
    expect(html).toContain('<th>full reads</th><th>searches</th>');
    expect(html).not.toMatch(/<(script|link)\b|https?:\/\//);
  });
});
