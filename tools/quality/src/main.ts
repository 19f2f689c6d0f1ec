import { warmupCodeCompressor } from '@headroom/compressor-code';
import { corpusDir } from './corpus-dir';
import { QUALITY_FAMILIES, qualityCompressors } from './quality-families';
import { runFamily } from './quality-runner';
import { formatCaseLines, formatFamilyTable } from './quality-table';
import type { FamilyResult } from './quality.types';

// `npm run quality [-- --cases] [-- --only=json,logs]`: one table per run, per-case lines on demand.
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const corpus = corpusDir();
  await warmupCodeCompressor();
  const compressors = qualityCompressors();
  const results: FamilyResult[] = [];
  for (const family of QUALITY_FAMILIES.filter((entry) => !only || only.includes(entry.name))) {
    results.push(await runFamily(family, corpus, compressors));
  }
  if (args.includes('--cases')) {
    console.log(results.flatMap(formatCaseLines).join('\n'));
    console.log('');
  }
  console.log(`Headroom quality on ${corpus} (tokens: o200k_base)\n`);
  console.log(formatFamilyTable(results));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
