import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The CLI and its corpus helpers are driven in-process, as an operator would run them.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { AuditRunner } from '../../../tools/cli/src/audit/audit.runner';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { corpusRequests, writeJsonl } from '../../../tools/cli/test/corpus-requests';
import {
  type ObservabilityHarness,
  getJson,
  sendProviderRequest,
  startObservabilityHarness,
} from './support/observability-harness';

type GatewayStats = {
  requests: { total: number };
  tokens: { input: number; saved: number; total_before_compression: number };
};

type StatsHistory = { points: { requests: number; tokens_before: number; tokens_after: number }[] };

describe('headroom audit against the gateway', () => {
  let harness: ObservabilityHarness;
  let directory: string;

  beforeAll(async () => {
    harness = await startObservabilityHarness();
    directory = mkdtempSync(join(tmpdir(), 'headroom-audit-e2e-'));
  });

  afterAll(async () => {
    await harness?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('totals what the gateway reports for the same corpus requests', async () => {
    // Claude Code conversations turn by turn as Anthropic requests; the second
    // one also in Chat Completions shape.
    const requests = corpusRequests(2, 2);
    const file = join(directory, 'requests.jsonl');
    writeJsonl(
      file,
      requests.map((request) => request.body),
    );

    const audit = await new AuditRunner().auditFile(file);
    for (const request of requests) {
      expect(await sendProviderRequest(harness.url, request.format, request.body)).toBe(200);
    }
    const stats = await getJson<GatewayStats>(`${harness.url}/stats`);
    const history = await getJson<StatsHistory>(`${harness.url}/stats-history?series=daily`);
    const stored = history.points.reduce(
      (sum, point) => ({
        requests: sum.requests + point.requests,
        before: sum.before + point.tokens_before,
        after: sum.after + point.tokens_after,
      }),
      { requests: 0, before: 0, after: 0 },
    );

    expect(audit.lines.rejected).toBe(0);
    expect(audit.totals.requests).toBe(requests.length);
    expect(audit.totals.tokensSaved).toBeGreaterThan(0);
    expect(stats.requests.total).toBe(requests.length);
    expect(audit.totals.tokensBefore).toBe(stats.tokens.total_before_compression);
    expect(audit.totals.tokensAfter).toBe(stats.tokens.input);
    expect(audit.totals.tokensSaved).toBe(stats.tokens.saved);
    // The durable usage table agrees too.
    expect(stored).toEqual({
      requests: requests.length,
      before: audit.totals.tokensBefore,
      after: audit.totals.tokensAfter,
    });
  }, 600_000);
});
