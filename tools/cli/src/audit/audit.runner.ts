import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DEFAULT_TENANT } from '@headroom/contracts';
import {
  type CompressionPipeline,
  type PipelineResult,
  createEmbeddedPipeline,
} from '@headroom/pipeline';
import {
  type JsonObject,
  type ProviderFormat,
  inspectRequest,
  retrievalToolDefinition,
} from '@headroom/providers';
import { detectContent } from '@headroom/router';
import { TokenCounter, tokenizerFor } from '@headroom/tokens';
import {
  type AuditSummary,
  AuditTally,
  type BlockSaving,
  type RequestOutcome,
} from './audit-tally';
import { type LoggedRequest, parseLogLine } from './request-shape';

export type AuditProgress = (bytesRead: number, bytesTotal: number, requests: number) => void;

export type AuditOptions = {
  /** Defaults to the embedded pipeline with an in-memory CCR store: nothing leaves the process. */
  pipeline?: CompressionPipeline;
  onProgress?: AuditProgress;
};

const NO_TOOL = '(no tool)';
const UNKNOWN_MODEL = '(unknown model)';

/**
 * Replays a request log through the real pipeline, in file order, so the
 * CacheAligner sees conversations turn by turn exactly as the gateway would,
 * and tallies what compression would have saved.
 */
export class AuditRunner {
  private readonly pipeline: CompressionPipeline;
  private readonly counter = new TokenCounter();

  constructor(private readonly options: AuditOptions = {}) {
    this.pipeline = options.pipeline ?? createEmbeddedPipeline();
  }

  async auditFile(path: string): Promise<AuditSummary> {
    const total = statSync(path).size;
    const tally = new AuditTally();
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
    let bytesRead = 0;
    let lineNumber = 0;
    let requests = 0;

    for await (const text of lines) {
      lineNumber += 1;
      bytesRead += Buffer.byteLength(text, 'utf8') + 1;
      const parsed = parseLogLine(text, lineNumber);
      if (parsed === undefined) continue;

      tally.countLine();
      if (!parsed.ok) {
        tally.reject(parsed.rejected.line, parsed.rejected.reason);
      } else {
        const outcome = await this.auditRequest(parsed.request);
        if (typeof outcome === 'string') tally.reject(lineNumber, outcome);
        else tally.add(outcome);
        requests += 1;
      }
      this.options.onProgress?.(Math.min(bytesRead, total), total, requests);
    }

    return tally.summary(path);
  }

  /** One request; a string is the reason it could not be audited. */
  async auditRequest(request: LoggedRequest): Promise<RequestOutcome | string> {
    let result: PipelineResult;
    try {
      result = await this.pipeline.run({
        format: request.format,
        body: request.body,
        tenant: request.tenant ?? DEFAULT_TENANT,
        mode: 'default',
        requestId: `audit-${request.line}`,
        sessionId: request.sessionId,
      });
    } catch (error: unknown) {
      return error instanceof Error ? error.message : 'pipeline failed';
    }

    const model = result.model ?? UNKNOWN_MODEL;
    const retrievalToolTokens = result.retrievalToolInjected
      ? this.counter.count(tokenizerFor(result.model), retrievalToolDefinition(request.format))
      : 0;

    return {
      model,
      tokensBefore: result.tokensBefore,
      tokensAfter: result.tokensAfter,
      changed: result.changed,
      retrievalToolTokens,
      blocks: result.changed ? this.blockSavings(request, result) : [],
    };
  }

  /**
   * The pipeline reports totals only; which block saved what is read back by
   * comparing the live-zone blocks of the request before and after, path by
   * path, counted with the same tokenizer the pipeline used.
   */
  private blockSavings(request: LoggedRequest, result: PipelineResult): BlockSaving[] {
    const before = viewOf(request.format, request.body);
    const after = viewOf(request.format, result.body);
    if (!before || !after) return [];

    const tokenizer = tokenizerFor(result.model);
    const afterByPath = new Map(after.units.map((unit) => [JSON.stringify(unit.path), unit.text]));
    const blocks: BlockSaving[] = [];

    for (const unit of before.units) {
      const replaced = afterByPath.get(JSON.stringify(unit.path));
      if (replaced === undefined || replaced === unit.text) continue;

      blocks.push({
        kind: detectContent(unit.text).kind,
        tool: unit.toolName ?? NO_TOOL,
        tokensBefore: this.counter.count(tokenizer, unit.text),
        tokensAfter: this.counter.count(tokenizer, replaced),
      });
    }

    return blocks;
  }
}

function viewOf(format: ProviderFormat, body: Buffer) {
  try {
    return inspectRequest(format, JSON.parse(body.toString('utf8')) as JsonObject);
  } catch {
    return undefined;
  }
}
