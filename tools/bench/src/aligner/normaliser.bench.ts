import { InMemoryOriginalStore } from '@headroom/ccr';
import { createEmbeddedPipeline } from '@headroom/pipeline';
import { dollars, priceFor, tokenizerFor } from '@headroom/tokens';
import { type BenchResult, RESULT_SCHEMA_VERSION } from '../report/bench-result.schema';
import type { RunContext } from '../report/run-context';
import { type SuiteOutput, formatCount } from '../report/table-row';

const MODEL = 'claude-sonnet-4-5';
const DAYS = 10;
const TURNS_PER_SESSION = 20;

// A system prompt of the usual kind: a dated header, then a long stable body.
function systemPrompt(day: number): string {
  const date = `2026-12-${String(day + 1).padStart(2, '0')}`;
  const rules = Array.from(
    { length: 120 },
    (_, i) => `Rule ${i + 1}: keep answers short, cite files by path, and never invent APIs.`,
  );
  return `You are the deployment assistant. Today is ${date}, session started ${date}T09:00:00Z.\n${rules.join('\n')}`;
}

function request(day: number, turn: number): string {
  const messages = Array.from({ length: turn * 2 + 1 }, (_, i) =>
    i % 2 === 0
      ? { role: 'user', content: `question ${i / 2} of day ${day}` }
      : { role: 'assistant', content: `answer ${(i - 1) / 2}` },
  );

  return JSON.stringify({ model: MODEL, max_tokens: 512, system: systemPrompt(day), messages });
}

function commonPrefix(left: string, right: string): string {
  let index = 0;
  while (index < left.length && index < right.length && left[index] === right[index]) index += 1;
  return left.slice(0, index);
}

type Outcome = { reusedTokens: number; addedTokens: number; costUsd: number };

/**
 * What the provider can serve from cache when a new session starts (the
 * previous session's first request shares a prefix with this one) against
 * what the normaliser adds to every request (the placeholder list).
 */
async function simulate(normalize: boolean): Promise<Outcome> {
  const pipeline = createEmbeddedPipeline({
    store: new InMemoryOriginalStore(),
    normalizeDynamicSystem: normalize,
  });
  const tokenizer = tokenizerFor(MODEL);
  const price = priceFor(MODEL);
  let previousFirst: string | undefined;
  let reusedTokens = 0;
  let addedTokens = 0;
  let costUsd = 0;

  for (let day = 0; day < DAYS; day += 1) {
    for (let turn = 0; turn < TURNS_PER_SESSION; turn += 1) {
      const body = request(day, turn);
      const sent = (
        await pipeline.run({
          format: 'anthropic-messages',
          body: Buffer.from(body),
          tenant: 'bench',
          mode: 'default',
          requestId: 'n',
          credentialFingerprint: `day-${day}`,
        })
      ).body.toString('utf8');
      const total = tokenizer.count(sent);
      addedTokens += total - tokenizer.count(body);
      if (turn === 0) {
        const reused = previousFirst ? tokenizer.count(commonPrefix(previousFirst, sent)) : 0;
        reusedTokens += reused;
        previousFirst = sent;
        if (price)
          costUsd += dollars(reused, price.cacheRead) + dollars(total - reused, price.cacheWrite);
      } else if (price) {
        costUsd += dollars(total, price.input);
      }
    }
  }
  await pipeline.close();

  return { reusedTokens, addedTokens, costUsd };
}

export async function runNormaliser(
  context: RunContext,
  emit: (output: SuiteOutput) => void,
): Promise<void> {
  const without = await simulate(false);
  const withNormaliser = await simulate(true);
  const pays = withNormaliser.costUsd < without.costUsd;
  const result: BenchResult = {
    schema: RESULT_SCHEMA_VERSION,
    scenario: 'aligner-normaliser',
    suite: 'aligner',
    label: 'CacheAligner: dynamic system-prompt normaliser',
    ...context,
    inputs: {
      count: DAYS * TURNS_PER_SESSION,
      bytes: 0,
      description: `${DAYS} daily sessions of ${TURNS_PER_SESSION} turns, dated system prompt (${MODEL} list prices)`,
    },
    iterations: 1,
    tokens: null,
    reduction: null,
    latencyMs: null,
    stagesMs: null,
    targets: [],
    details: { without, withNormaliser, pays },
  };

  emit({
    result,
    row: {
      scenario: result.label,
      tokens: `cache-read at session start ${formatCount(without.reusedTokens)} → ${formatCount(withNormaliser.reusedTokens)}`,
      reduction: '–',
      p50: '–',
      tail: '–',
      runs: String(DAYS * TURNS_PER_SESSION),
      split: '–',
      published: '–',
      notes: `cost $${without.costUsd.toFixed(4)} → $${withNormaliser.costUsd.toFixed(4)}; +${formatCount(withNormaliser.addedTokens)} tokens added; pays: ${pays ? 'yes' : 'no'}`,
    },
  });
}
