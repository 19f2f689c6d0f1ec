import { type Harness, sha256, startHarness } from '../support/gateway-harness';
import { metricValue } from '../support/storage-faults';

// BL-36: a large Responses body whose compression runs out of time goes
// upstream as the client sent it and the client gets the upstream's answer,
// never a 4xx/5xx of the gateway's making; a client that goes away takes the
// compression work with it. Headroom has no WebSocket route, so HTTP is the
// only path to check.

const HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-bl36' };
const ITEMS = 200;

// The field-bug generator: heartbeat lines with one ERROR line in the middle;
// `seed` keeps each body's blocks new to the compression cache.
function logLines(count: number, seed: string): string {
  const lines = Array.from({ length: count }, (_, i) => {
    const second = String(i % 60).padStart(2, '0');
    return `2026-01-05T10:00:${second} INFO worker-${seed}-${i % 8} heartbeat ok`;
  });
  lines[Math.floor(count / 2)] = '2026-01-05T10:00:30 ERROR db-pool exhausted (max=20)';

  return lines.join('\n');
}

function responsesBody(seed: string, linesPerOutput = 62): string {
  const input: unknown[] = [{ type: 'message', role: 'user', content: 'why is the pool failing?' }];
  for (let i = 0; i < ITEMS; i += 1) {
    input.push({ type: 'function_call', call_id: `call_${i}`, name: 'logs', arguments: '{}' });
    input.push({
      type: 'function_call_output',
      call_id: `call_${i}`,
      output: logLines(linesPerOutput, `${seed}${i}`),
    });
  }

  return JSON.stringify({ model: 'gpt-4o', input });
}

const LONG_OUTPUT_LINES = 2_500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function post(harness: Harness, body: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${harness.url}/v1/responses`, { method: 'POST', headers: HEADERS, body, signal });
}

async function metrics(harness: Harness): Promise<string> {
  return (await fetch(`${harness.url}/metrics`)).text();
}

describe('hardening: a large body fails open (BL-36)', () => {
  describe('when compression runs out of time', () => {
    let harness: Harness;

    beforeAll(async () => {
      harness = await startHarness({ env: { HEADROOM_COMPRESSION_TIMEOUT_MS: '50' } });
    });

    afterAll(async () => {
      await harness.close();
    });

    it('forwards the original bytes, answers with the upstream 200 and counts the fail-open (BL-36)', async () => {
      const body = responsesBody('a');
      expect(body.length).toBeGreaterThan(650_000);
      expect(body.length).toBeLessThan(750_000);
      const before = await metrics(harness);

      const response = await post(harness, body);
      const answer = (await response.json()) as { object?: string };

      expect(response.status).toBe(200);
      expect(answer.object).toBe('response');
      expect(harness.upstream.requests).toHaveLength(1);
      expect(sha256(harness.upstream.requests[0].body)).toBe(sha256(body));
      const after = await metrics(harness);
      expect(
        metricValue(after, 'headroom_compression_fail_open_total', { reason: 'timeout' }) -
          metricValue(before, 'headroom_compression_fail_open_total', { reason: 'timeout' }),
      ).toBe(1);
    });
  });

  describe('when the client goes away', () => {
    let harness: Harness;

    beforeAll(async () => {
      harness = await startHarness({ env: { HEADROOM_COMPRESSION_TIMEOUT_MS: '60000' } });
    });

    afterAll(async () => {
      await harness.close();
    });

    // The gateway runs in this process, so its own CPU counter covers the
    // compressor threads too; the test itself only waits meanwhile.
    const cpuSeconds = async () =>
      metricValue(await metrics(harness), 'headroom_process_cpu_seconds_total');

    it('stops compressing soon after the client goes away mid-compression (BL-36)', async () => {
      // The 700 KB body compresses in well under a second here, so it cannot
      // show whether work outlives its client: this one is 40 times larger
      // (about 26 MB, under the 32 MB body limit).
      const uncancelledStart = Date.now();
      const uncancelled = await post(harness, responsesBody('full', LONG_OUTPUT_LINES));
      const uncancelledMs = Date.now() - uncancelledStart;
      expect(uncancelled.status).toBe(200);
      expect(uncancelledMs).toBeGreaterThan(2_500);

      const client = new AbortController();
      const cancelled = post(harness, responsesBody('gone', LONG_OUTPUT_LINES), client.signal);
      await sleep(500);
      client.abort();
      await expect(cancelled).rejects.toThrow();
      await sleep(1_000);
      const settled = await cpuSeconds();
      await sleep(1_000);
      const busySeconds = (await cpuSeconds()) - settled;

      expect(busySeconds).toBeLessThan(0.15);
      expect(harness.upstream.requests).toHaveLength(1);
    }, 60_000);
  });
});
