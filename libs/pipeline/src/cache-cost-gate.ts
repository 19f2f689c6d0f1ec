import type { JsonObject, RequestView } from '@headroom/providers';
import { collectStrings } from '@headroom/providers';
import { priceFor } from '@headroom/tokens';
import type { CompressedUnit } from './unit-compressor';

// For models without a list price: assume reads cost a tenth of writes, the
// strictest ratio any provider we know charges.
const UNKNOWN_READ_TO_WRITE = 0.1;

export type GateInput = {
  compressed: CompressedUnit[];
  view: RequestView;
  body: JsonObject;
  /** The request's token count of a text. */
  count: (text: string) => number;
};

export type GateDecision = { kept: CompressedUnit[]; dropped: CompressedUnit[] };

/**
 * The net-cost gate for a conversation Headroom sees for the first time. Its
 * history is probably in the provider's cache already, as the client sent it;
 * rewriting a block there turns every later cached token into a cache write.
 * That is done only when it costs less, this very turn, than leaving it.
 */
export function gateCacheCost(input: GateInput): GateDecision {
  const cachedItems = input.view.presumedCachedItems;
  const inRegion = (unit: CompressedUnit) => Number(unit.unit.path[1]) < cachedItems;
  const region = input.compressed.filter(inRegion);
  if (region.length === 0) {
    return { kept: input.compressed, dropped: [] };
  }

  const first = Math.min(...region.map((unit) => Number(unit.unit.path[1])));
  const items = input.body[input.view.conversationField];
  const rewritten = Array.isArray(items) ? items.slice(first, cachedItems) : [];
  const rewrittenTokens = collectStrings(rewritten).reduce(
    (sum, text) => sum + input.count(text),
    0,
  );
  const saved = region.reduce((sum, unit) => sum + unit.tokensBefore - unit.tokensAfter, 0);

  const price = priceFor(input.view.model);
  const readToWrite = price ? price.cacheRead / price.cacheWrite : UNKNOWN_READ_TO_WRITE;
  const costIfRewritten = rewrittenTokens - saved;
  const costIfLeft = rewrittenTokens * readToWrite;

  return costIfRewritten < costIfLeft
    ? { kept: input.compressed, dropped: [] }
    : { kept: input.compressed.filter((unit) => !inRegion(unit)), dropped: region };
}
