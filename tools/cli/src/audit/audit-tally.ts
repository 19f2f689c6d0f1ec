import { PRICES_AS_OF, PRICES_SOURCE, dollars, priceFor } from '@headroom/tokens';

/** Savings of one slice of the traffic (a model, a content type, a tool). */
export type SavingsRow = {
  key: string;
  /** Requests for a model; blocks for a content type or tool. */
  count: number;
  tokensBefore: number;
  tokensAfter: number;
  tokensSaved: number;
  dollarsSaved: number;
};

export type AuditSummary = {
  file: string;
  generatedAt: string;
  prices: { asOf: string; source: string };
  lines: { read: number; requests: number; rejected: number; unpriced: number };
  rejected: { line: number; reason: string }[];
  totals: Omit<SavingsRow, 'key' | 'count'> & {
    requests: number;
    changedRequests: number;
    savingsPercent: number;
    /** Tokens the injected retrieval tool costs; already inside `tokensAfter`. */
    retrievalToolTokens: number;
  };
  byModel: SavingsRow[];
  byContentType: SavingsRow[];
  byTool: SavingsRow[];
};

/** One compressed block as the audit attributes it. */
export type BlockSaving = {
  kind: string;
  tool: string;
  tokensBefore: number;
  tokensAfter: number;
};

export type RequestOutcome = {
  model: string;
  tokensBefore: number;
  tokensAfter: number;
  changed: boolean;
  retrievalToolTokens: number;
  blocks: BlockSaving[];
};

const REJECTED_SHOWN = 50;

function emptyRow(key: string): SavingsRow {
  return { key, count: 0, tokensBefore: 0, tokensAfter: 0, tokensSaved: 0, dollarsSaved: 0 };
}

/** Money a token count saves at the model's input list price; 0 for unpriced models. */
export function inputDollars(model: string, tokens: number): number {
  const price = priceFor(model);

  return price ? dollars(tokens, price.input) : 0;
}

/** Accumulates request outcomes into the per-model, per-kind and per-tool tables. */
export class AuditTally {
  private readonly models = new Map<string, SavingsRow>();
  private readonly kinds = new Map<string, SavingsRow>();
  private readonly tools = new Map<string, SavingsRow>();
  private readonly rejectedLines: { line: number; reason: string }[] = [];
  private rejectedCount = 0;
  private linesRead = 0;
  private unpriced = 0;
  private changed = 0;
  private retrievalToolTokens = 0;

  countLine(): void {
    this.linesRead += 1;
  }

  reject(line: number, reason: string): void {
    this.rejectedCount += 1;
    if (this.rejectedLines.length < REJECTED_SHOWN) {
      this.rejectedLines.push({ line, reason });
    }
  }

  add(outcome: RequestOutcome): void {
    const price = priceFor(outcome.model);
    if (!price) this.unpriced += 1;
    if (outcome.changed) this.changed += 1;
    this.retrievalToolTokens += outcome.retrievalToolTokens;

    this.addTo(
      this.models,
      outcome.model,
      outcome.model,
      outcome.tokensBefore,
      outcome.tokensAfter,
    );
    for (const block of outcome.blocks) {
      this.addTo(this.kinds, block.kind, outcome.model, block.tokensBefore, block.tokensAfter);
      this.addTo(this.tools, block.tool, outcome.model, block.tokensBefore, block.tokensAfter);
    }
  }

  summary(file: string, now: Date = new Date()): AuditSummary {
    const byModel = sorted(this.models);
    const totals = byModel.reduce(
      (sum, row) => ({
        tokensBefore: sum.tokensBefore + row.tokensBefore,
        tokensAfter: sum.tokensAfter + row.tokensAfter,
        tokensSaved: sum.tokensSaved + row.tokensSaved,
        dollarsSaved: sum.dollarsSaved + row.dollarsSaved,
        requests: sum.requests + row.count,
      }),
      { tokensBefore: 0, tokensAfter: 0, tokensSaved: 0, dollarsSaved: 0, requests: 0 },
    );

    return {
      file,
      generatedAt: now.toISOString(),
      prices: { asOf: PRICES_AS_OF, source: PRICES_SOURCE },
      lines: {
        read: this.linesRead,
        requests: totals.requests,
        rejected: this.rejectedCount,
        unpriced: this.unpriced,
      },
      rejected: [...this.rejectedLines],
      totals: {
        ...totals,
        changedRequests: this.changed,
        savingsPercent:
          totals.tokensBefore > 0
            ? Math.round((totals.tokensSaved / totals.tokensBefore) * 10_000) / 100
            : 0,
        retrievalToolTokens: this.retrievalToolTokens,
      },
      byModel,
      byContentType: sorted(this.kinds),
      byTool: sorted(this.tools),
    };
  }

  private addTo(
    table: Map<string, SavingsRow>,
    key: string,
    model: string,
    before: number,
    after: number,
  ): void {
    const row = table.get(key) ?? emptyRow(key);
    row.count += 1;
    row.tokensBefore += before;
    row.tokensAfter += after;
    row.tokensSaved += before - after;
    row.dollarsSaved += inputDollars(model, before - after);
    table.set(key, row);
  }
}

function sorted(table: Map<string, SavingsRow>): SavingsRow[] {
  return [...table.values()].sort(
    (left, right) => right.tokensSaved - left.tokensSaved || left.key.localeCompare(right.key),
  );
}
