import type { CompressInput } from '@headroom/contracts';

/**
 * A JSON tool output of about `bytes` bytes: uniform records with a few
 * anomalies, the shape the JSON compressor is built for. `seed` makes each
 * payload distinct so no cache can answer for another.
 */
export function jsonToolOutput(bytes: number, seed = 0): string {
  const rows: unknown[] = [];
  let size = 2;
  for (let id = 0; size < bytes; id += 1) {
    const row = {
      id: id + seed * 1_000_000,
      service: `svc-${id % 17}`,
      status: id % 97 === 13 ? 'error' : 'ok',
      region: ['eu-west-1', 'us-east-1', 'ap-south-1'][id % 3],
      latencyMs: (id * 37 + seed) % 500,
      message: id % 97 === 13 ? `timeout talking to db-${id % 5}` : 'served',
    };
    const encoded = JSON.stringify(row);
    rows.push(row);
    size += encoded.length + 1;
  }

  return JSON.stringify(rows);
}

export function jsonInput(text: string): CompressInput {
  return { text, kind: 'json', query: 'which requests failed and why?', lossless: false };
}
