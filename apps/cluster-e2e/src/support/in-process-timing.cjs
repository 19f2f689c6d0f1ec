// Times the JSON compressor in a plain Node process from dist/, the same
// compiled code a worker runs, so the in-process baseline is not skewed by
// jest's module sandbox. Input: a CompressInput as JSON on stdin. Prints the
// median of `runs` calls (after warm-up) in milliseconds.
require('../../../../tools/scripts/register-paths.cjs');
const { readFileSync } = require('node:fs');
const { JsonCompressor } = require('@headroom/compressor-json');

const input = JSON.parse(readFileSync(0, 'utf8'));
const runs = Number(process.argv[2] || 30);
const compressor = new JsonCompressor();
for (let warm = 0; warm < 5; warm += 1) compressor.compress(input);
const samples = [];
for (let run = 0; run < runs; run += 1) {
  const started = process.hrtime.bigint();
  compressor.compress(input);
  samples.push(Number(process.hrtime.bigint() - started) / 1e6);
}
samples.sort((left, right) => left - right);
process.stdout.write(JSON.stringify({ medianMs: samples[Math.floor(samples.length / 2)] }));
