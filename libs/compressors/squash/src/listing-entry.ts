export type ListingEntry =
  { path: string; directory: boolean; hadMetadata: boolean } | { verbatim: string };

const LS_LONG =
  /^([-dlcbps])[rwxsStT-]{9}[.+@]?\s+\d+\s+\S+\s+\S+\s+(?:[\d,]+\s+)?(?:\w{3}\s+\d{1,2}\s+(?:\d{4}|\d{1,2}:\d{2})|\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s+[+-]\d{4})?)\s(.+)$/;
const LS_TREE = /^\d{6} (blob|tree|commit) [0-9a-f]{40}(?:\s+(?:\d+|-))?\t(.+)$/;
const BARE_PATH = /^(?:\.{0,2}\/|~\/)?[^\s:*?"<>|]+(?:[/\\][^\n*?"<>|]*)?$/;

/** One line of `ls -l`, `git ls-tree`, `find` or a glob tool, as a path and a flag. */
export function parseListingLine(line: string): ListingEntry {
  const long = LS_LONG.exec(line);
  if (long) {
    return { path: long[2], directory: long[1] === 'd', hadMetadata: true };
  }
  const tree = LS_TREE.exec(line);
  if (tree) {
    return { path: tree[2], directory: tree[1] === 'tree', hadMetadata: true };
  }
  if (line.trim() !== '' && BARE_PATH.test(line) && !/^total \d+$/.test(line)) {
    return { path: line, directory: line.endsWith('/'), hadMetadata: false };
  }

  return { verbatim: line };
}
