import {
  type CodeLanguage,
  type CompressOutcome,
  type Compressor,
  type ContentKind,
  type OriginalRecord,
  ccrKey,
  parseMarkers,
} from '@headroom/contracts';
import { detectContent, joinSegments, splitSegments } from '@headroom/router';

export type BlockResult = {
  text: string;
  kind: ContentKind;
  compressor: string;
  outcome: string;
  originals: OriginalRecord[];
};

const SPLIT_KINDS: ReadonlySet<ContentKind> = new Set(['prose', 'markdown']);

/**
 * Routes one block the way the gateway does: detect, split prose that holds
 * fenced code or JSON, hand each piece to the compressor of its kind and
 * re-join the pieces byte-exactly.
 */
export async function compressBlock(
  compressors: readonly Compressor[],
  text: string,
  query: string,
  kind?: ContentKind,
  language?: CodeLanguage,
): Promise<BlockResult> {
  const detection = kind ? { kind, language } : detectContent(text);
  if (SPLIT_KINDS.has(detection.kind)) {
    const segments = splitSegments(text);
    if (segments.length > 1) {
      return compressSegments(compressors, segments, query);
    }
  }
  const compressor = compressorFor(compressors, detection.kind);
  if (!compressor) {
    return {
      text,
      kind: detection.kind,
      compressor: 'none',
      outcome: 'no compressor',
      originals: [],
    };
  }
  const outcome = await compressor.compress({
    text,
    kind: detection.kind,
    language: detection.language,
    query,
    lossless: false,
  });

  return toResult(text, detection.kind, compressor.name, outcome);
}

async function compressSegments(
  compressors: readonly Compressor[],
  segments: ReturnType<typeof splitSegments>,
  query: string,
): Promise<BlockResult> {
  const replacements = new Map<number, string>();
  const originals: OriginalRecord[] = [];
  const names = new Set<string>();
  for (const [index, segment] of segments.entries()) {
    const compressor = segment.verbatim
      ? undefined
      : compressorFor(compressors, segment.detection.kind);
    if (!compressor) {
      continue;
    }
    const outcome = await compressor.compress({
      text: segment.text,
      kind: segment.detection.kind,
      language: segment.detection.language,
      query,
      lossless: false,
    });
    if (outcome.status === 'compressed') {
      replacements.set(index, outcome.text);
      originals.push(...outcome.originals);
      names.add(compressor.name);
    }
  }
  const text = joinSegments(segments, replacements);

  return {
    text,
    kind: 'prose',
    compressor: [...names].join('+') || 'none',
    outcome: replacements.size > 0 ? 'compressed' : 'skipped',
    originals,
  };
}

function compressorFor(
  compressors: readonly Compressor[],
  kind: ContentKind,
): Compressor | undefined {
  return compressors.find((compressor) => compressor.kinds.includes(kind));
}

function toResult(
  text: string,
  kind: ContentKind,
  compressor: string,
  outcome: CompressOutcome,
): BlockResult {
  if (outcome.status !== 'compressed') {
    return { text, kind, compressor, outcome: `skipped:${outcome.reason}`, originals: [] };
  }

  return {
    text: outcome.text,
    kind,
    compressor,
    outcome: outcome.transforms.join(','),
    originals: outcome.originals,
  };
}

/** Every new marker names a returned original, and every original's key is its content's hash. */
export function markersAreRedeemable(input: string, result: BlockResult): boolean {
  const known = new Set(parseMarkers(input).map((marker) => marker.key));
  const keys = new Set(result.originals.map((original) => original.key));
  const originalsValid = result.originals.every(
    (original) => original.key === ccrKey(original.content),
  );

  return (
    originalsValid &&
    parseMarkers(result.text).every((marker) => known.has(marker.key) || keys.has(marker.key))
  );
}
