import { readFileSync } from 'node:fs';
import { type CompressOutcome } from '@headroom/contracts';
import { corpusPath } from '../test/corpus';
import { ListingSquasher } from './listing-squasher';

const squasher = new ListingSquasher({ minChars: 0 });

function run(text: string): CompressOutcome {
  return squasher.compress({ text, kind: 'listing', query: '', lossless: false });
}

const LISTINGS = [
  'misc/agent-tool-output/listing__ls_la_root.txt',
  'misc/agent-tool-output/listing__glob_assets_css.txt',
  'misc/agent-tool-output/listing__find_lib_spotter_web.txt',
  'misc/listing/git_ls_tree_names__k9s_internal.txt',
  'misc/listing/git_ls_tree_r_l__readability.txt',
];

function baseName(line: string): string {
  const path = line.includes('\t')
    ? line.slice(line.lastIndexOf('\t') + 1)
    : (line.trim().split(/\s+/).pop() ?? '');

  return path.replace(/\/$/, '').split('/').pop() ?? '';
}

describe(ListingSquasher.name, () => {
  it.each(LISTINGS)('keeps every file name of %s', (file) => {
    const input = readFileSync(corpusPath(file), 'utf8');
    const outcome = run(input);
    const output = outcome.status === 'compressed' ? outcome.text : input;
    const names = input
      .split('\n')
      .filter((line) => line.trim() !== '' && !/^total \d+$/.test(line))
      .map(baseName);

    expect(names.filter((name) => !output.includes(name))).toEqual([]);
    expect(outcome.status).toBe('compressed');
  });
});
