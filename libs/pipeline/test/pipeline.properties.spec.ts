import fc from 'fast-check';
import { InMemoryOriginalStore } from '@headroom/ccr';
import { parseMarkers } from '@headroom/contracts';
import { createEmbeddedPipeline } from '../src/embedded-pipeline';

// Tool outputs shaped like what agents really get back: records, log lines,
// free text, and arbitrary strings with escapes and non-ASCII characters.
const records = fc
  .array(
    fc.record({
      id: fc.nat(),
      name: fc.string({ maxLength: 12 }),
      status: fc.constantFrom('ok', 'ok', 'ok', 'error'),
      note: fc.option(fc.string({ maxLength: 30 }), { nil: null }),
    }),
    { minLength: 40, maxLength: 120 },
  )
  .map((rows) => JSON.stringify(rows));
const logs = fc
  .array(fc.tuple(fc.constantFrom('INFO', 'INFO', 'WARN', 'ERROR'), fc.nat(9999)), {
    maxLength: 300,
  })
  .map((lines) =>
    lines
      .map(([level, n]) => `2026-01-05T10:00:00Z ${level} worker-${n % 7} step ${n} done`)
      .join('\n'),
  );
const toolOutput = fc.oneof(
  records,
  logs,
  fc.string({ maxLength: 3000 }),
  fc.string({ unit: 'binary', maxLength: 2000 }),
);

const store = new InMemoryOriginalStore();
const pipeline = createEmbeddedPipeline({ store, minChars: 200 });

describe('pipeline properties', () => {
  it('forwards valid JSON that differs only in tool outputs, every marker redeemable', async () => {
    let markers = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(toolOutput, { minLength: 1, maxLength: 3 }),
        fc.string(),
        async (outputs, question) => {
          const messages: unknown[] = [{ role: 'user', content: question }];
          outputs.forEach((content, index) => {
            messages.push({
              role: 'assistant',
              content: null,
              tool_calls: [
                { id: `c${index}`, type: 'function', function: { name: 'run', arguments: '{}' } },
              ],
            });
            messages.push({ role: 'tool', tool_call_id: `c${index}`, content });
          });
          const body = { model: 'gpt-4o', temperature: 0.2, messages };

          const result = await pipeline.run({
            format: 'openai-chat',
            body: Buffer.from(JSON.stringify(body)),
            tenant: 'prop',
            mode: 'default',
            requestId: 'p',
          });
          const forwarded = JSON.parse(result.body.toString('utf8')) as typeof body & {
            tools?: unknown[];
          };

          expect(forwarded.temperature).toBe(0.2);
          expect(forwarded.messages[0]).toEqual(messages[0]);
          for (const [index, message] of forwarded.messages.entries()) {
            if (index % 2 === 1) expect(message).toEqual(messages[index]);
            const content = (message as { content?: unknown }).content;
            if (typeof content !== 'string') continue;
            for (const marker of parseMarkers(content)) {
              markers += 1;
              const found = await store.lookup('prop', marker.key);
              expect(found.status).toBe('found');
              if (found.status === 'found') expect(outputs).toContain(found.original.content);
            }
          }
          expect(result.tokensAfter).toBeLessThanOrEqual(result.tokensBefore + 200);
        },
      ),
      { numRuns: 60 },
    );
    // The generators are meant to exercise lossy paths, not only skips.
    expect(markers).toBeGreaterThan(0);
  }, 60_000);

  it('gives the same bytes for the same request, every time', async () => {
    await fc.assert(
      fc.asyncProperty(toolOutput, async (content) => {
        const body = JSON.stringify({
          model: 'gpt-4o',
          messages: [{ role: 'tool', tool_call_id: 'x', content }],
        });
        const run = () =>
          createEmbeddedPipeline({ store, minChars: 200 }).run({
            format: 'openai-chat',
            body: Buffer.from(body),
            tenant: 'prop',
            mode: 'default',
            requestId: 'p',
          });

        const [first, second] = [await run(), await run()];
        expect(first.body.equals(second.body)).toBe(true);
      }),
      { numRuns: 30 },
    );
  }, 60_000);
});
