import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedPipeline } from '@headroom/pipeline';
import { corpusRequests, writeJsonl } from '../../test/corpus-requests';
import { renderAudit } from './audit.renderer';
import { AuditRunner } from './audit.runner';

describe(AuditRunner.name, () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'headroom-audit-'));
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  describe('auditFile', () => {
    it('totals what the pipeline itself reports for the same requests, in order', async () => {
      const requests = corpusRequests(1, 1, 1);
      const file = join(directory, 'corpus.jsonl');
      writeJsonl(
        file,
        requests.map((request) => request.body),
      );

      const summary = await new AuditRunner().auditFile(file);
      const pipeline = createEmbeddedPipeline();
      let before = 0;
      let after = 0;
      for (const [index, request] of requests.entries()) {
        const result = await pipeline.run({
          format: request.format,
          body: Buffer.from(request.body),
          tenant: 'default',
          mode: 'default',
          requestId: `check-${index}`,
        });
        before += result.tokensBefore;
        after += result.tokensAfter;
      }

      expect(summary.lines.rejected).toBe(0);
      expect(summary.totals.requests).toBe(requests.length);
      expect(summary.totals.tokensBefore).toBe(before);
      expect(summary.totals.tokensAfter).toBe(after);
      // The second corpus conversation is one compression pays off on.
      expect(summary.totals.tokensSaved).toBeGreaterThan(0);
      expect(summary.totals.dollarsSaved).toBeGreaterThan(0);
      expect(summary.byModel.map((row) => row.key).sort()).toEqual(['claude-sonnet-4-5', 'gpt-4o']);
      expect(summary.byTool.length).toBeGreaterThan(0);
      expect(summary.byContentType.length).toBeGreaterThan(0);
    });

    it('attributes every saved token to a block, less the retrieval tool it costs', async () => {
      const file = join(directory, 'one.jsonl');
      writeJsonl(
        file,
        corpusRequests(1).map((request) => request.body),
      );

      const summary = await new AuditRunner().auditFile(file);
      const byBlock = summary.byTool.reduce((sum, row) => sum + row.tokensSaved, 0);
      const byKind = summary.byContentType.reduce((sum, row) => sum + row.tokensSaved, 0);

      expect(byBlock).toBe(byKind);
      expect(byBlock - summary.totals.retrievalToolTokens).toBe(summary.totals.tokensSaved);
    });

    it('counts bad lines, reports them and carries on', async () => {
      const file = join(directory, 'bad.jsonl');
      const good = JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hello' }],
      });
      writeFileSync(file, ['{not json', '', '[1,2]', '{"model":"x"}', good, '"text"'].join('\n'));

      const summary = await new AuditRunner().auditFile(file);

      expect(summary.lines).toEqual({ read: 5, requests: 1, rejected: 4, unpriced: 0 });
      expect(summary.rejected.map((row) => row.line)).toEqual([1, 3, 4, 6]);
      expect(renderAudit(summary, 'md')).toContain('line 1: not JSON');
    });
  });
});
