import type { CompressInput } from '@headroom/contracts';
import type { CompressibleUnit } from '@headroom/providers';
import { kindOfPath } from '@headroom/router';

export type SourceKind = NonNullable<CompressInput['sourceKind']>;

/**
 * What the file a block's tool call named is, by its extension. The path
 * stops here: only the kind goes on to compressors, keys and the session, so
 * no file or directory name reaches a log line, a metric or the audit trail.
 */
export function sourceKindOf(unit: CompressibleUnit): SourceKind | undefined {
  return unit.sourcePath === undefined ? undefined : kindOfPath(unit.sourcePath);
}

/**
 * A block's identity in the session and the compression cache: its content
 * key, and the kind its call's file name gives it, since the same text read
 * from `a.py` and `a.ts` may compress differently. Blocks with no such kind
 * keep the bare content key they always had.
 */
export function blockKey(contentKey: string, sourceKind: SourceKind | undefined): string {
  if (!sourceKind) return contentKey;

  const named = sourceKind.language ? `${sourceKind.kind}.${sourceKind.language}` : sourceKind.kind;
  return `${contentKey}~${named}`;
}
