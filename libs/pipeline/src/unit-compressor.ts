import { performance } from 'node:perf_hooks';
import {
  type CompressOutcome,
  type OriginalRecord,
  RETRIEVAL_TOOL_NAME,
  ccrKey,
  containsMarker,
  parseMarkers,
} from '@headroom/contracts';
import type { CompressibleUnit } from '@headroom/providers';
import { routedKind } from '@headroom/router';
import { blockKey, sourceKindOf } from './block-key';
import type { OutcomeCache } from './compression-cache';
import { DeadlineError, withDeadline } from './deadline';
import { CompressionPolicy } from './policy/compression-policy';
import { PIPELINE_DEFAULTS, type PipelineOptions } from './pipeline-options';
import type { PipelineFailure } from './pipeline.types';
import type { RequestTokens } from './request-tokens';

export type UnitContext = {
  tenant: string;
  query: string;
  lossless: boolean;
  tokens: RequestTokens;
  /** Aborts when the request's result is no longer wanted. */
  signal?: AbortSignal;
};

export type CompressedUnit = {
  unit: CompressibleUnit;
  /** `ccrKey(unit.text)`: the key of an original that is the whole block. */
  contentKey: string;
  /** The block's identity in the session and the cache (see `blockKey`). */
  blockKey: string;
  text: string;
  /** The content kind the router chose, and the family that compressed it. */
  kind: string;
  compressor: string;
  /** Time in the compressor; 0 for cache hits and replays. */
  durationMs: number;
  tokensBefore: number;
  tokensAfter: number;
  transforms: string[];
  originals: OriginalRecord[];
};

export type UnitResult =
  | { status: 'compressed'; value: CompressedUnit }
  | { status: 'unchanged' }
  | { status: 'failed'; failure: PipelineFailure };

// Below this no policy can make compression pay for its marker.
const CANDIDATE_FLOOR_CHARS = 256;

/**
 * Takes one live-zone block through detection, the compressor family and the
 * acceptance checks. Anything unexpected leaves the block as it was.
 */
export class UnitCompressor {
  private readonly minTokensSaved: number;
  private readonly timeoutMs: number;
  private readonly policy: CompressionPolicy;

  constructor(
    private readonly options: PipelineOptions,
    private readonly cache: OutcomeCache,
  ) {
    this.minTokensSaved = options.minTokensSaved ?? PIPELINE_DEFAULTS.minTokensSaved;
    this.timeoutMs = options.unitTimeoutMs ?? PIPELINE_DEFAULTS.unitTimeoutMs;
    this.policy = options.policy ?? new CompressionPolicy();
  }

  /** `contentKey` is `ccrKey(unit.text)`, when the caller has it already. */
  async compress(
    unit: CompressibleUnit,
    context: UnitContext,
    contentKey = ccrKey(unit.text),
  ): Promise<UnitResult> {
    const sourceKind = sourceKindOf(unit);
    const detection = routedKind(this.options.detector.detect(unit.text), sourceKind);
    if (detection.kind === 'binary' || detection.kind === 'unknown') {
      return { status: 'unchanged' };
    }

    const rule = this.policy.forBlock(context.tenant, unit.toolName, detection.kind);
    const minChars = this.options.minChars ?? rule.minChars;
    if (!rule.enabled || rule.neverTouch || unit.text.length < minChars) {
      return { status: 'unchanged' };
    }

    const lossless = context.lossless || rule.lossless;
    // Scoped to the tenant: a shared outcome would answer another tenant's
    // block from the cache, and its speed would tell that someone sent it.
    const key = blockKey(contentKey, sourceKind);
    const cacheKey = `${lossless ? 'lossless' : 'lossy'}:${rule.targetRatio ?? '-'}:${key}:${context.tenant}`;
    let outcome = await this.cache.get(cacheKey);
    let compressor = 'cache';
    let durationMs = 0;

    if (outcome === undefined) {
      if (context.signal?.aborted) return { status: 'unchanged' };
      const started = performance.now();
      compressor = detection.kind;
      try {
        outcome = await withDeadline(
          this.options.compressors.compress(
            {
              text: unit.text,
              kind: detection.kind,
              language: detection.language,
              query: context.query,
              lossless,
              toolName: unit.toolName,
              ...(sourceKind ? { sourceKind } : {}),
              targetRatio: rule.targetRatio,
              minChars,
            },
            context.signal,
          ),
          this.timeoutMs,
          `compressor ${detection.kind}`,
        );
      } catch (error) {
        if (context.signal?.aborted) return { status: 'unchanged' };
        const reason = error instanceof DeadlineError ? 'timeout' : 'error';
        return { status: 'failed', failure: { compressor, reason, message: describe(error) } };
      }
      durationMs = performance.now() - started;
      outcome = await this.cache.remember(cacheKey, outcome);
    }

    if (outcome.status === 'compressed') await context.tokens.prime([unit.text, outcome.text]);
    return this.accept(
      unit,
      outcome,
      detection.kind,
      durationMs,
      { ...context, lossless },
      { contentKey, blockKey: key },
    );
  }

  /** Whether a block may be compressed at all, before its content is looked at. */
  isCandidate(unit: CompressibleUnit, tenant: string): boolean {
    const rule = this.policy.forTool(tenant, unit.toolName);

    // Retrieved originals are never compressed again: that is how retrieval
    // loops start. Text that already carries a marker is left alone. The size
    // rule of the block's kind is applied once the kind is known.
    return (
      !rule.neverTouch &&
      unit.text.length >= CANDIDATE_FLOOR_CHARS &&
      unit.toolName !== RETRIEVAL_TOOL_NAME &&
      !containsMarker(unit.text)
    );
  }

  private accept(
    unit: CompressibleUnit,
    outcome: CompressOutcome,
    kind: string,
    durationMs: number,
    context: UnitContext,
    keys: { contentKey: string; blockKey: string },
  ): UnitResult {
    // A compressor that threw away its own output is a fault, never a quiet
    // skip (BL-32): the block goes through whole and the failure is reported.
    if (outcome.status === 'skipped' && outcome.reason === 'invalid-output') {
      const message = outcome.detail ?? 'output rejected by its own check';
      return { status: 'failed', failure: { compressor: kind, reason: 'invalid-output', message } };
    }
    if (outcome.status !== 'compressed' || outcome.text === unit.text) {
      return { status: 'unchanged' };
    }

    const source = { text: unit.text, key: keys.contentKey };
    const problem = checkMarkers(outcome.text, outcome.originals, context.lossless, source);
    if (problem) {
      return { status: 'failed', failure: { compressor: kind, reason: 'error', message: problem } };
    }

    const tokensBefore = context.tokens.count(unit.text);
    const tokensAfter = context.tokens.count(outcome.text);
    if (tokensBefore - tokensAfter < this.minTokensSaved) {
      return { status: 'unchanged' };
    }

    return {
      status: 'compressed',
      value: {
        unit,
        ...keys,
        text: outcome.text,
        kind,
        compressor: familyOf(outcome.transforms, kind),
        durationMs,
        tokensBefore,
        tokensAfter,
        transforms: outcome.transforms,
        originals: outcome.originals,
      },
    };
  }
}

/**
 * Every marker must name an original that really is the content it stands
 * for. An original that is the whole block (logs, JSON lines) is checked
 * against the block's key, known already, rather than hashed again.
 */
function checkMarkers(
  text: string,
  originals: readonly OriginalRecord[],
  lossless: boolean,
  source: { text: string; key: string },
): string | undefined {
  const markers = parseMarkers(text);
  if (lossless && (markers.length > 0 || originals.length > 0)) {
    return 'lossy output in lossless mode';
  }

  const keys = new Set<string>();
  for (const original of originals) {
    const key = original.content === source.text ? source.key : ccrKey(original.content);
    if (key !== original.key) {
      return `original ${original.key} does not match its content`;
    }
    keys.add(original.key);
  }

  const unknown = markers.find((marker) => !keys.has(marker.key));
  return unknown ? `marker ${unknown.key} has no original` : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The family named by the transforms (`json:table` → `json`), else the content kind. */
function familyOf(transforms: readonly string[], kind: string): string {
  const named = transforms[0]?.split(':')[0];
  return named && named.length > 0 ? named : kind;
}
