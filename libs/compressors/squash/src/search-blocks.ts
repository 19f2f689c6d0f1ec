import { ccrKey, formatMarker } from '@headroom/contracts';
import { joinLines } from './line-split';
import { ERROR_WORDS, bm25Scores } from './relevance';
import type { SearchLine } from './search-line-parser';

type Block = { start: number; end: number; score: number };

/**
 * grep -A/-B/-C over one file without -n prints bare lines in `--`-separated
 * groups. Groups are kept or dropped whole: the first, the last and the most
 * relevant, in input order.
 */
export function selectBlocks(
  text: string,
  lines: readonly string[],
  parsed: readonly SearchLine[],
  terms: readonly string[],
  maxBlocks: number,
): { text: string; transforms: string[]; itemCount: number; keptCount: number } | undefined {
  const blocks = splitBlocks(parsed);
  if (blocks.length <= maxBlocks) {
    return undefined;
  }
  const scores = bm25Scores(
    blocks.map((block) => lines.slice(block.start, block.end).join('\n')),
    terms,
  );
  blocks.forEach((block, index) => {
    block.score =
      scores[index] + (ERROR_WORDS.test(lines.slice(block.start, block.end).join('\n')) ? 0.5 : 0);
  });
  const chosen = new Set<Block>([blocks[0], blocks[blocks.length - 1]]);
  for (const block of [...blocks].sort(
    (left, right) => right.score - left.score || left.start - right.start,
  )) {
    if (chosen.size >= maxBlocks) {
      break;
    }
    chosen.add(block);
  }
  const kept = blocks.filter((block) => chosen.has(block));
  const output = kept.flatMap((block, index) => [
    ...(index > 0 ? ['--'] : []),
    ...lines.slice(block.start, block.end),
  ]);
  output.push(
    formatMarker(
      ccrKey(text),
      `${blocks.length - kept.length} of ${blocks.length} match groups omitted`,
    ),
  );

  return {
    text: joinLines(output, text),
    transforms: ['search:groups'],
    itemCount: blocks.length,
    keptCount: kept.length,
  };
}

function splitBlocks(parsed: readonly SearchLine[]): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  for (const line of parsed) {
    if (line.role === 'separator') {
      if (line.index > start) {
        blocks.push({ start, end: line.index, score: 0 });
      }
      start = line.index + 1;
    }
  }
  if (parsed.length > start) {
    blocks.push({ start, end: parsed.length, score: 0 });
  }

  return blocks;
}
