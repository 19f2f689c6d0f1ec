import {
  type CompressInput,
  type CompressOutcome,
  type ContentKind,
  ccrKey,
  formatMarker,
  skipped,
} from '@headroom/contracts';
import { parseListingLine } from './listing-entry';
import { joinLines, splitLines } from './line-split';
import { DEFAULT_MIN_CHARS } from './squash-guard';
import { Squasher } from './squasher';
import { squashOutcome } from './squash-outcome';

export type ListingSquasherOptions = { minChars: number; minLines: number };

export const DEFAULT_LISTING_OPTIONS: ListingSquasherOptions = {
  minChars: DEFAULT_MIN_CHARS,
  minLines: 8,
};

type PathEntry = { path: string; directory: boolean; hadMetadata: boolean };

/**
 * Directory listings: every name survives. Paths are grouped under their
 * directory (the shared prefix said once), and the metadata of long formats
 * (modes, owners, sizes, dates, object hashes) goes behind the marker.
 */
export class ListingSquasher extends Squasher<ListingSquasherOptions> {
  readonly name = 'squash-listing';
  readonly kinds: readonly ContentKind[] = ['listing'];

  constructor(options: Partial<ListingSquasherOptions> = {}) {
    super(DEFAULT_LISTING_OPTIONS, options);
  }

  protected squash(input: CompressInput): CompressOutcome {
    const entries = splitLines(input.text).map(parseListingLine);
    const paths = entries.filter((entry): entry is PathEntry => 'path' in entry);
    if (paths.length < this.options.minLines) {
      return skipped('not-compressible', 'too few paths');
    }
    const verbatim = entries
      .filter((entry): entry is { verbatim: string } => 'verbatim' in entry)
      .map((entry) => entry.verbatim);
    const grouped = renderGroups(paths);
    const metadata = paths.some((entry) => entry.hadMetadata);
    const note = metadata
      ? `${paths.length} entries grouped by directory; modes, owners, sizes, dates and hashes omitted`
      : `${paths.length} paths grouped by directory, order kept within each directory`;
    const text = joinLines(
      [...verbatim, ...grouped, formatMarker(ccrKey(input.text), note)],
      input.text,
    );

    return squashOutcome(
      input.text,
      { text, transforms: ['listing:grouped'], itemCount: paths.length, keptCount: paths.length },
      'listing',
      this.name,
    );
  }
}

// TODO(#3): tree(1) output passes through untouched; fold deep subtrees into counts.
function renderGroups(paths: readonly PathEntry[]): string[] {
  const prefix = commonDirectory(paths.map((entry) => entry.path));
  const groups = new Map<string, string[]>();
  for (const entry of paths) {
    const relative = entry.path.slice(prefix.length);
    const slash = relative.replace(/\/$/, '').lastIndexOf('/');
    const directory = slash === -1 ? '' : relative.slice(0, slash + 1);
    const name =
      (slash === -1 ? relative : relative.slice(slash + 1)) +
      (entry.directory && !relative.endsWith('/') ? '/' : '');
    const names = groups.get(directory) ?? [];
    names.push(name);
    groups.set(directory, names);
  }
  const lines = prefix ? [`under ${prefix}:`] : [];
  for (const [directory, names] of groups) {
    lines.push(directory ? `${directory}: ${names.join('  ')}` : names.join('  '));
  }

  return lines;
}

function commonDirectory(paths: readonly string[]): string {
  if (paths.length < 2) {
    return '';
  }
  let prefix = paths[0].slice(0, paths[0].lastIndexOf('/') + 1);
  for (const path of paths) {
    while (prefix && !path.startsWith(prefix)) {
      prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
    }
  }

  return prefix;
}
