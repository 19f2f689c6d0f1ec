import { TokenCounter, tokenizerFor } from '@headroom/tokens';
import { inspectRequest } from '@headroom/providers';
import { gateCacheCost } from './cache-cost-gate';
import type { CompressedUnit } from './unit-compressor';

const tokenizer = tokenizerFor('claude-sonnet-4-5');
const counter = new TokenCounter();
const count = (text: string): number => counter.count(tokenizer, text);
const log = (n: number) => Array.from({ length: 200 }, (_, i) => `row ${n}.${i} ok`).join('\n');

function anthropicBody(results: number) {
  const messages: unknown[] = [{ role: 'user', content: 'go' }];
  for (let i = 0; i < results; i += 1) {
    messages.push({
      role: 'assistant',
      content: [{ type: 'tool_use', id: `t${i}`, name: 'sh', input: {} }],
    });
    messages.push({
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: `t${i}`,
          content: log(i),
          cache_control: { type: 'ephemeral' },
        },
      ],
    });
  }

  return { model: 'claude-sonnet-4-5', messages };
}

function compressedAt(index: number, saved: number): CompressedUnit {
  return {
    unit: { path: ['messages', index, 'content', 0, 'content'], text: log(index) },
    contentKey: `key-${index}`,
    blockKey: `key-${index}`,
    text: 'short',
    kind: 'log',
    compressor: 'squash-log',
    durationMs: 0,
    tokensBefore: saved + 10,
    tokensAfter: 10,
    transforms: ['test'],
    originals: [],
  };
}

describe(gateCacheCost.name, () => {
  it('leaves presumably cached history alone when rewriting it costs more', () => {
    const body = anthropicBody(3);
    const view = inspectRequest('anthropic-messages', body);
    const old = compressedAt(2, 500);
    const fresh = compressedAt(6, 500);

    const decision = gateCacheCost({ compressed: [old, fresh], view, body, count });

    expect(view.presumedCachedItems).toBe(5);
    expect(decision.kept).toEqual([fresh]);
    expect(decision.dropped).toEqual([old]);
  });

  it('compresses history when the request uses no prompt cache', () => {
    const body = anthropicBody(3);
    const plain = JSON.parse(
      JSON.stringify(body).replace(/,"cache_control":\{"type":"ephemeral"\}/g, ''),
    );
    const view = inspectRequest('anthropic-messages', plain);
    const old = compressedAt(2, 500);

    expect(gateCacheCost({ compressed: [old], view, body: plain, count }).kept).toEqual([old]);
  });
});
