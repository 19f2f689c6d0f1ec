import type { PipelineResult } from '@headroom/pipeline';
import {
  type JsonObject,
  type ProviderFormat,
  type RequestView,
  inspectRequest,
} from '@headroom/providers';
import { detectContent } from '@headroom/router';
import { type TokenCounter, tokenizerFor } from '@headroom/tokens';

/** Tokens one changed block saved, by the content kind that chose its compressor. */
export type BlockSaving = { kind: string; tokensSaved: number };

function viewOf(format: ProviderFormat, body: Buffer): RequestView | undefined {
  try {
    return inspectRequest(format, JSON.parse(body.toString('utf8')) as JsonObject);
  } catch {
    return undefined;
  }
}

/**
 * The pipeline reports a request's totals, not which block saved what. This
 * compares the live-zone blocks before and after, path by path, with the
 * tokenizer the pipeline used; it runs after the response, off the hot path.
 */
export function blockSavings(
  format: ProviderFormat,
  clientBody: Buffer,
  result: PipelineResult,
  counter: TokenCounter,
): BlockSaving[] {
  const before = viewOf(format, clientBody);
  const after = viewOf(format, result.body);
  if (!before || !after) return [];

  const tokenizer = tokenizerFor(result.model);
  const replaced = new Map(after.units.map((unit) => [JSON.stringify(unit.path), unit.text]));
  const savings: BlockSaving[] = [];

  for (const unit of before.units) {
    const text = replaced.get(JSON.stringify(unit.path));
    if (text === undefined || text === unit.text) continue;

    savings.push({
      kind: detectContent(unit.text).kind,
      tokensSaved: counter.count(tokenizer, unit.text) - counter.count(tokenizer, text),
    });
  }

  return savings;
}
