import type { UsageRow } from '@headroom/storage';
import { compressorSavings, historyCsv, historyPoints, periodStart } from './usage-history';

function row(at: string, tenant: string, before: number, after: number): UsageRow {
  return {
    requestId: `${tenant}-${at}`,
    tenant,
    route: 'openai-chat',
    provider: 'openai',
    model: 'gpt-4o',
    status: 200,
    tokensBefore: before,
    tokensAfter: after,
    cachedTokens: null,
    bytesBefore: before * 4,
    bytesAfter: after * 4,
    durationMs: 5,
    overheadMs: 1,
    compressors: ['json:10'],
    ccrStored: 1,
    failOpen: false,
    at: new Date(at),
  };
}

describe('historyPoints', () => {
  const rows = [
    row('2026-12-04T10:05:00Z', 'acme', 1_000, 400),
    row('2026-12-04T10:55:00Z', 'acme', 500, 500),
    row('2026-12-04T11:01:00Z', 'acme', 100, 50),
    row('2026-12-04T10:30:00Z', 'globex', 2_000, 1_000),
  ];

  it('sums each tenant per UTC hour, in time order', () => {
    const points = historyPoints(rows, 'hourly');

    expect(
      points.map((point) => [point.period, point.tenant, point.requests, point.tokens_saved]),
    ).toEqual([
      ['2026-12-04T10:00:00.000Z', 'acme', 2, 600],
      ['2026-12-04T10:00:00.000Z', 'globex', 1, 1_000],
      ['2026-12-04T11:00:00.000Z', 'acme', 1, 50],
    ]);
    // gpt-4o input list price: $2.50 per million tokens.
    expect(points[0].usd_saved).toBeCloseTo(0.0015, 10);
  });

  it('sums per UTC day', () => {
    expect(historyPoints(rows, 'daily').map((point) => point.requests)).toEqual([3, 1]);
    expect(periodStart(new Date('2026-12-04T23:59:59Z'), 'daily')).toBe('2026-12-04T00:00:00.000Z');
  });

  it('writes CSV with a header row', () => {
    const csv = historyCsv(historyPoints(rows, 'daily')).split('\r\n');

    expect(csv[0]).toMatch(/^period,tenant,requests,/);
    expect(csv[1]).toMatch(/^2026-12-04T00:00:00.000Z,acme,3,0,0,1600,950,650,0,0.001625,/);
  });
});

describe('compressorSavings', () => {
  it('reads kind:tokens entries', () => {
    expect(compressorSavings({ compressors: ['json:10', 'log:0', 'odd'] })).toEqual([
      ['json', 10],
      ['log', 0],
      ['odd', 0],
    ]);
  });
});
