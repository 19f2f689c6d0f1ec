import { skipped } from '@headroom/contracts';
import { createEmbeddedPipeline } from '@headroom/pipeline';
import { type Harness, sha256, startHarness } from '../support/gateway-harness';
import { metricValue } from '../support/storage-faults';

// BL-32: a compressor whose own check throws its output away (code that
// would not re-parse) costs the saving, never the silence: the block goes
// through whole, the fallback is counted in /metrics and logged with why.

const LOG = Array.from({ length: 400 }, (_, i) => `2026-01-05T10:00:${i % 60} INFO ok ${i}`).join(
  '\n',
);

describe('hardening: a compressor fallback is never silent (BL-32)', () => {
  let harness: Harness;

  beforeAll(async () => {
    const pipeline = createEmbeddedPipeline({
      compressors: [
        {
          name: 'rejecting',
          kinds: ['log'],
          compress: () => skipped('invalid-output', 'output would not re-parse cleanly'),
        },
      ],
    });
    harness = await startHarness({ pipeline });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('forwards the block whole, counts the fallback and logs its reason (BL-32)', async () => {
    const body = JSON.stringify({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'why?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'logs', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: LOG },
      ],
    });

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bl32' },
      body,
    });
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();

    expect(response.status).toBe(200);
    expect(sha256(harness.upstream.requests[0].body)).toBe(sha256(body));
    expect(
      metricValue(metrics, 'headroom_compressor_fail_open_total', { reason: 'invalid-output' }),
    ).toBe(1);
    const logged = harness.logs.find((line) => line.includes('block forwarded uncompressed'));
    expect(logged).toContain('"reason":"invalid-output"');
    expect(logged).toContain('output would not re-parse cleanly');
  });
});
