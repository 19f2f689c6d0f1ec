/**
 * Prints how long the DOM compressor takes on synthetic article pages of
 * 500 KB and 2 MB (p50 and p95 over a few runs) and on the largest corpus
 * pages. A measurement, not a test: nothing here asserts a duration.
 *
 *   node tools/scripts/run-ts.cjs libs/compressors/dom/src/timing/time-dom-compressor.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { DomCompressor } from '../lib/dom.compressor';
import { corpusDirectory, corpusPages } from '../quality/page-quality';
import { articlePage } from '../testing/synthetic-pages';

const RUNS = Number(process.env['HEADROOM_TIMING_RUNS'] ?? 7);

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

function time(label: string, html: string, runs = RUNS): void {
  const compressor = new DomCompressor();
  const durations: number[] = [];
  const cpuTimes: number[] = [];
  let outputChars = 0;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const outcome = compressor.compress({ text: html, kind: 'html', query: '', lossless: false });
    const cpu = process.cpuUsage(cpuStarted);
    durations.push(performance.now() - started);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    outputChars = outcome.status === 'compressed' ? outcome.text.length : 0;
  }
  durations.sort((left, right) => left - right);
  cpuTimes.sort((left, right) => left - right);
  const kb = (html.length / 1024).toFixed(0).padStart(6);
  const p50 = percentile(durations, 0.5).toFixed(0).padStart(6);
  const p95 = percentile(durations, 0.95).toFixed(0).padStart(6);
  const cpu50 = percentile(cpuTimes, 0.5).toFixed(0).padStart(6);
  console.log(
    `| ${label.padEnd(28)} | ${kb} KB | ${p50} ms | ${p95} ms | ${cpu50} ms | ${outputChars} |`,
  );
}

function main(): void {
  // The first call pays for loading jsdom and building the shared window.
  new DomCompressor().compress({
    text: articlePage(20_000),
    kind: 'html',
    query: '',
    lossless: false,
  });

  // CPU time beside wall time: on a shared machine the wall clock also counts waiting for a core.
  console.log(`load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  console.log('| page | size | p50 | p95 | CPU p50 | output chars |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  time('synthetic article 500 KB', articlePage(500 * 1024));
  time('synthetic article 2 MB', articlePage(2 * 1024 * 1024), Math.max(3, Math.ceil(RUNS / 2)));

  const corpus = corpusDirectory();
  if (existsSync(join(corpus, 'html'))) {
    const pages = corpusPages(corpus)
      .map((page) => ({
        page,
        html: readFileSync(join(corpus, 'html', page, 'source.html'), 'utf8'),
      }))
      .sort((left, right) => right.html.length - left.html.length)
      .slice(0, 5);
    for (const { page, html } of pages) {
      time(`corpus ${page}`, html);
    }
  }
}

main();
