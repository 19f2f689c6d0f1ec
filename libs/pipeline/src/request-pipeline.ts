import { performance } from 'node:perf_hooks';
import {
  InMemorySessionStore,
  type PrefixReport,
  moveDynamicContentToEnd,
} from '@headroom/aligner';
import {
  type CompressResponseBody,
  HeadroomError,
  type OriginalRecord,
  ccrKey,
  containsMarker,
  parseMarkers,
} from '@headroom/contracts';
import {
  type CompressibleUnit,
  type JsonObject,
  type ProviderFormat,
  type RequestView,
  type UnitReplacement,
  collectStrings,
  editRequest,
  inspectRequest,
  isObject,
  retrievalToolDefinition,
} from '@headroom/providers';
import { TokenCounter, tokenizerFor } from '@headroom/tokens';
import { blockKey, sourceKindOf } from './block-key';
import { gateCacheCost } from './cache-cost-gate';
import { withDeadline } from './deadline';
import { CompressionCache } from './compression-cache';
import { PIPELINE_DEFAULTS, type PipelineOptions } from './pipeline-options';
import { RequestTokens } from './request-tokens';
import type {
  CacheOccupancy,
  CompressMessagesRequest,
  CompressionPipeline,
  PipelineFailure,
  PipelineRequest,
  PipelineResult,
  PipelineStage,
} from './pipeline.types';
import { type AlignedSession, SessionAligner } from './session-aligner';
import { type CompressedUnit, type UnitContext, UnitCompressor } from './unit-compressor';

type RunInput = {
  format: ProviderFormat;
  text: string;
  body: JsonObject;
  tenant: string;
  lossless: boolean;
  requestId: string;
  sessionId?: string;
  credentialFingerprint?: string;
  /** `/v1/compress` has no session and no provider cache to align with. */
  aligned: boolean;
  signal?: AbortSignal;
};

type RunOutput = {
  stagesMs: Record<PipelineStage, number>;
  text: string;
  view: RequestView;
  compressed: CompressedUnit[];
  injected: boolean;
  tokensBefore: number;
  tokensAfter: number;
  failures: PipelineFailure[];
  session: AlignedSession | undefined;
  prefix: PrefixReport | undefined;
};

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One request's run: inspect the live zone, replay what earlier turns of the
 * session sent, compress only new blocks, make every original durable, then
 * write the accepted blocks (and the retrieval tool, when markers are present)
 * into the client's own bytes.
 */
export class RequestPipeline implements CompressionPipeline {
  private readonly units: UnitCompressor;
  private readonly aligner: SessionAligner;
  private readonly counter = new TokenCounter();
  private readonly occupied: Array<{ cache: CacheOccupancy['cache']; measure: Measurable }> = [];

  constructor(private readonly options: PipelineOptions) {
    const cache = options.cache ?? new CompressionCache();
    const sessions = options.sessions ?? new InMemorySessionStore();
    this.units = new UnitCompressor(options, cache);
    this.aligner = new SessionAligner(sessions);
    // Shared caches (Redis) live outside the process and are not listed.
    if (isMeasurable(cache)) this.occupied.push({ cache: 'compression', measure: cache });
    if (isMeasurable(sessions)) this.occupied.push({ cache: 'sessions', measure: sessions });
  }

  async run(request: PipelineRequest): Promise<PipelineResult> {
    const started = performance.now();
    if (request.mode === 'passthrough') {
      return unchanged(request.body, undefined, started);
    }

    const decoded = decodeStrict(request.body);
    const body = parseObject(decoded ?? request.body.toString('utf8'));

    // Bodies that are not valid UTF-8 cannot be edited without changing bytes
    // we do not own; they go upstream exactly as received.
    if (decoded === undefined) {
      return unchanged(request.body, inspectRequest(request.format, body), started);
    }

    const output = await this.compressRequest({
      format: request.format,
      text: decoded,
      body,
      tenant: request.tenant,
      lossless: request.mode === 'lossless',
      requestId: request.requestId,
      sessionId: request.sessionId,
      credentialFingerprint: request.credentialFingerprint,
      aligned: true,
      signal: request.signal,
    });
    const changed = output.text !== decoded;

    return {
      body: changed ? Buffer.from(output.text, 'utf8') : request.body,
      changed,
      model: output.view.model,
      stream: output.view.stream,
      tokensBefore: output.tokensBefore,
      tokensAfter: output.tokensAfter,
      transforms: unique(output.compressed.flatMap((unit) => unit.transforms)),
      ccrKeys: unique(output.compressed.flatMap((unit) => unit.originals.map((o) => o.key))),
      retrievalToolInjected: output.injected,
      failures: output.failures,
      durationMs: performance.now() - started,
      stagesMs: output.stagesMs,
      blocks: output.compressed.map((unit) => ({
        kind: unit.kind,
        compressor: unit.compressor,
        tokensBefore: unit.tokensBefore,
        tokensAfter: unit.tokensAfter,
        durationMs: unit.durationMs,
        replayed: unit.transforms.includes('aligner:replay'),
      })),
      sessionKey: output.session?.key,
      prefix: output.prefix,
      dynamicContent: output.session?.dynamicContent ?? [],
    };
  }

  async compressMessages(request: CompressMessagesRequest): Promise<CompressResponseBody> {
    if (!Array.isArray(request.messages)) {
      throw new HeadroomError('invalid_request_error', '`messages` must be an array');
    }

    const body: JsonObject = { model: request.model, messages: request.messages };
    const output = await this.compressRequest({
      format: looksAnthropic(request.messages) ? 'anthropic-messages' : 'openai-chat',
      text: JSON.stringify(body),
      body,
      tenant: request.tenant,
      // A sidecar caller may have no way to run the retrieval tool (BL-04):
      // markers only when it says it can, with `config.ccr: true`.
      lossless: request.mode === 'lossless' || request.config?.['ccr'] !== true,
      requestId: request.requestId,
      aligned: false,
    });
    const messages = (JSON.parse(output.text) as { messages: unknown[] }).messages;

    return {
      messages,
      tokens_before: output.tokensBefore,
      tokens_after: output.tokensAfter,
      tokens_saved: output.tokensBefore - output.tokensAfter,
      compression_ratio: output.tokensBefore === 0 ? 1 : output.tokensAfter / output.tokensBefore,
      transforms_applied: unique(output.compressed.flatMap((unit) => unit.transforms)),
      ccr_hashes: unique(output.compressed.flatMap((unit) => unit.originals.map((o) => o.key))),
    };
  }

  recordUsage(sessionKey: string, cachedTokens: number): Promise<void> {
    return this.aligner.recordUsage(sessionKey, cachedTokens);
  }

  async compressorHealth(
    timeoutMs?: number,
  ): Promise<{ family: string; status: 'up' | 'down'; latencyMs: number }[]> {
    return (await this.options.compressors.checkHealth?.(timeoutMs)) ?? [];
  }

  cacheOccupancy(): CacheOccupancy[] {
    return this.occupied.map(({ cache, measure }) => ({
      cache,
      entries: measure.size,
      bytes: measure.bytes,
    }));
  }

  async ready(): Promise<void> {
    await this.options.compressors.ready?.();
  }

  async close(): Promise<void> {
    await this.options.compressors.close?.();
    await Promise.all((this.options.resources ?? []).map((resource) => resource.close()));
  }

  private async compressRequest(input: RunInput): Promise<RunOutput> {
    const stages = new StageClock();
    const view = inspectRequest(input.format, input.body);
    const { signal } = input;
    const countTokens = this.options.compressors.countTokens?.bind(this.options.compressors);
    const tokens = new RequestTokens(
      tokenizerFor(view.model),
      this.counter,
      countTokens && ((tokenizer, texts) => countTokens(tokenizer, texts, signal)),
    );
    const session = input.aligned
      ? await this.aligner.open({ ...input, view, body: input.body })
      : undefined;
    // With no way for the model to call the retrieval tool, markers could
    // never be redeemed: only lossless transforms may run.
    const lossless = input.lossless || !view.canCallTools;
    const context = {
      tenant: input.tenant,
      query: view.query,
      lossless,
      tokens,
      signal,
    };
    const failures: PipelineFailure[] = [];
    stages.lap('inspect');

    const results = await Promise.all(
      view.units.map((unit) => this.compressUnit(unit, context, session, failures)),
    );
    // Nobody will forward what is left to do: no originals are stored, the
    // session learns nothing, nothing is counted.
    signal?.throwIfAborted();
    const candidates = results.filter((result): result is CompressedUnit => result !== undefined);
    const gated = session?.isNew
      ? gateCacheCost({
          compressed: candidates,
          view,
          body: input.body,
          count: (text) => tokens.count(text),
        })
      : { kept: candidates, dropped: [] };
    stages.lap('compress');
    const revived = await this.reviveReplays(gated.kept, context, input, failures);
    const compressed = await this.persist(revived.sendable, input, failures);
    stages.lap('persist');
    for (const unit of [...revived.units, ...gated.dropped]) {
      const sent = { text: unit.text, kind: unit.kind, compressor: unit.compressor };
      session?.record(unit.blockKey, compressed.includes(unit) ? sent : null);
    }

    // The retrieval tool joins a session with its first marker and stays for
    // every later turn, so the tools array changes at most once per session
    // (early, while the cached prefix is still short). It stays only where
    // the client sends tools of its own that the model may call: a session is
    // shared by every conversation with the same opening, and a request
    // without tools (or with `tool_choice: none`) and nothing to redeem must
    // reach the provider with the client's own bytes.
    // TODO(#9): any marker-shaped text counts, so a tool output that imitates
    // one (never resolved: lookups are by tenant and hash) still brings the
    // tool in and changes the tools array for nothing; counting only keys this
    // gateway stored for the tenant would not.
    const hasMarkers = [...compressed, ...view.units].some((unit) => containsMarker(unit.text));
    const keepsTool =
      (session?.retrievalToolInjected ?? false) && view.hasClientTools && view.canCallTools;
    const needsTool = hasMarkers || keepsTool;
    const injected = needsTool && !view.declaresRetrievalTool;
    const replacements: UnitReplacement[] = [
      ...compressed.map((unit) => ({ path: unit.unit.path, text: unit.text })),
      ...this.normalizedSystem(view),
    ];
    const text =
      replacements.length > 0 || injected
        ? editRequest(input.text, input.body, input.format, {
            replacements,
            injectRetrievalTool: injected,
          })
        : input.text;
    const prefix = await session?.finish(view, text, input.text, injected);
    stages.lap('edit');

    const tokensBefore = await this.countRequest(view, input.body, tokens);
    const saved = compressed.reduce((sum, unit) => sum + unit.tokensBefore - unit.tokensAfter, 0);
    // `/v1/compress` hands back messages only; the tool never reaches its caller.
    const toolTokens =
      injected && input.aligned ? tokens.count(retrievalToolDefinition(input.format)) : 0;

    stages.lap('count');

    return {
      text,
      view,
      compressed,
      injected,
      stagesMs: stages.laps,
      tokensBefore,
      tokensAfter: tokensBefore - saved + toolTokens,
      failures,
      session,
      prefix,
    };
  }

  /**
   * Blocks an earlier turn of the session already sent are sent again exactly
   * as then; only new blocks reach a compressor.
   */
  private async compressUnit(
    unit: CompressibleUnit,
    context: UnitContext,
    session: AlignedSession | undefined,
    failures: PipelineFailure[],
  ): Promise<CompressedUnit | undefined> {
    if (!this.units.isCandidate(unit, context.tenant)) return undefined;

    const contentKey = ccrKey(unit.text);
    const key = blockKey(contentKey, sourceKindOf(unit));
    const replayed = session?.replay(key);
    if (replayed === null) return undefined;
    // A lossless turn (the lossless mode, or a model that may not call tools
    // now) must not resend a marker it could not redeem, however the block was
    // sent before: it is compressed afresh under this turn's rules, and the
    // session records what this turn really sent.
    const isRedeemable = !(context.lossless && replayed && containsMarker(replayed.text));
    if (replayed !== undefined && isRedeemable) {
      await context.tokens.prime([unit.text, replayed.text]);
      return {
        unit,
        contentKey,
        blockKey: key,
        text: replayed.text,
        kind: replayed.kind,
        compressor: replayed.compressor,
        durationMs: 0,
        tokensBefore: context.tokens.count(unit.text),
        tokensAfter: context.tokens.count(replayed.text),
        transforms: ['aligner:replay'],
        originals: [],
      };
    }

    const result = await this.units.compress(unit, context, contentKey);
    if (result.status === 'failed') failures.push(this.report(result.failure));
    if (result.status !== 'compressed') {
      session?.record(key, null);
      return undefined;
    }

    return result.value;
  }

  /**
   * A replayed marker is only as good as its original: the originals of every
   * replayed block are refreshed in one call (their retention slides, as a
   * turn that resends them is a use), and a block whose original has expired
   * is compressed again so that `persist` stores it before the marker goes
   * out. `units` lists every unit, replaced where needed; `sendable` those
   * that may still go out compressed.
   */
  private async reviveReplays(
    candidates: CompressedUnit[],
    context: UnitContext,
    input: RunInput,
    failures: PipelineFailure[],
  ): Promise<{ units: CompressedUnit[]; sendable: CompressedUnit[] }> {
    const store = this.options.store;
    // Each replayed block with markers, and the keys its markers name.
    const replays = new Map(
      candidates
        .filter((unit) => unit.transforms.includes('aligner:replay') && containsMarker(unit.text))
        .map((unit) => [unit, parseMarkers(unit.text).map((marker) => marker.key)]),
    );
    if (replays.size === 0 || !store.refresh) {
      return { units: candidates, sendable: candidates };
    }

    const keys = unique([...replays.values()].flat());
    let absent: Set<string>;
    try {
      const refresh = store.refresh(input.tenant, keys);
      const timeoutMs = this.options.storeTimeoutMs ?? PIPELINE_DEFAULTS.storeTimeoutMs;
      absent = new Set(await withDeadline(refresh, timeoutMs, 'refreshing originals'));
    } catch (error) {
      failures.push(this.report(storageFailure(error)));
      return { units: candidates, sendable: candidates.filter((unit) => !replays.has(unit)) };
    }

    const revived = await Promise.all(
      candidates.map(async (unit) => {
        const lost = replays.get(unit)?.some((key) => absent.has(key)) ?? false;
        return lost ? this.recompress(unit, context, failures) : { unit, sendable: true };
      }),
    );

    return {
      units: revived.map((entry) => entry.unit),
      sendable: revived.filter((entry) => entry.sendable).map((entry) => entry.unit),
    };
  }

  // The unit's text is the whole original block and compression is
  // deterministic per content, so this normally yields the replayed bytes
  // again, now with the originals behind them.
  private async recompress(
    replay: CompressedUnit,
    context: UnitContext,
    failures: PipelineFailure[],
  ): Promise<{ unit: CompressedUnit; sendable: boolean }> {
    const result = await this.units.compress(replay.unit, context, replay.contentKey);
    if (result.status === 'failed') failures.push(this.report(result.failure));
    if (result.status !== 'compressed') {
      return { unit: replay, sendable: false };
    }

    // Different bytes break the provider's cache at this block, but a marker
    // without its original would break retrieval.
    const fresh = result.value;
    if (fresh.text !== replay.text) {
      return { unit: fresh, sendable: true };
    }

    return { unit: { ...replay, originals: fresh.originals }, sendable: true };
  }

  private normalizedSystem(view: RequestView): UnitReplacement[] {
    if (!this.options.normalizeDynamicSystem) return [];

    return view.system.flatMap((unit) => {
      const text = moveDynamicContentToEnd(unit.text);
      return text === unit.text ? [] : [{ path: unit.path, text }];
    });
  }

  /** Durable before visible: a block whose originals cannot be stored goes out uncompressed. */
  private async persist(
    compressed: CompressedUnit[],
    input: RunInput,
    failures: PipelineFailure[],
  ): Promise<CompressedUnit[]> {
    const originals: OriginalRecord[] = compressed.flatMap((unit) => unit.originals);
    if (originals.length === 0) {
      return compressed;
    }

    try {
      await withDeadline(
        this.options.store.save(originals, { tenant: input.tenant, requestId: input.requestId }),
        this.options.storeTimeoutMs ?? PIPELINE_DEFAULTS.storeTimeoutMs,
        'saving originals',
      );
      return compressed;
    } catch (error) {
      failures.push(this.report(storageFailure(error)));
      return compressed.filter((unit) => unit.originals.length === 0);
    }
  }

  // Every counted field of the request as the client sent it; blocks the run
  // has counted already are map lookups.
  private async countRequest(
    view: RequestView,
    body: JsonObject,
    tokens: RequestTokens,
  ): Promise<number> {
    const strings: string[] = [];
    for (const field of view.countedFields) {
      collectStrings(body[field], strings);
    }
    await tokens.prime(strings);

    return strings.reduce((sum, text) => sum + tokens.count(text), 0);
  }

  private report(failure: PipelineFailure): PipelineFailure {
    this.options.onFailure?.(failure);
    return failure;
  }
}

function storageFailure(error: unknown): PipelineFailure {
  return {
    compressor: 'ccr',
    reason: 'storage',
    message: error instanceof Error ? error.message : String(error),
  };
}

function decodeStrict(body: Buffer): string | undefined {
  try {
    return STRICT_UTF8.decode(body);
  } catch {
    return undefined;
  }
}

function parseObject(text: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unparseable';
    throw new HeadroomError('invalid_json', `request body is not valid JSON: ${detail}`);
  }

  if (!isObject(parsed)) {
    throw new HeadroomError('invalid_request_error', 'request body must be a JSON object');
  }

  return parsed;
}

function unchanged(body: Buffer, view: RequestView | undefined, started: number): PipelineResult {
  return {
    body,
    changed: false,
    model: view?.model,
    stream: view?.stream ?? false,
    tokensBefore: 0,
    tokensAfter: 0,
    transforms: [],
    ccrKeys: [],
    retrievalToolInjected: false,
    failures: [],
    durationMs: performance.now() - started,
    stagesMs: { inspect: 0, compress: 0, persist: 0, edit: 0, count: 0 },
    blocks: [],
    sessionKey: undefined,
    prefix: undefined,
    dynamicContent: [],
  };
}

function looksAnthropic(messages: unknown[]): boolean {
  return messages.some(
    (message) =>
      isObject(message) &&
      Array.isArray(message.content) &&
      message.content.some(
        (block) => isObject(block) && (block.type === 'tool_result' || block.type === 'tool_use'),
      ),
  );
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Milliseconds since the previous lap, per stage. */
class StageClock {
  readonly laps: Record<PipelineStage, number> = {
    inspect: 0,
    compress: 0,
    persist: 0,
    edit: 0,
    count: 0,
  };
  private last = performance.now();

  lap(stage: PipelineStage): void {
    const now = performance.now();
    this.laps[stage] += now - this.last;
    this.last = now;
  }
}

type Measurable = { readonly size: number; readonly bytes: number };

function isMeasurable(value: unknown): value is Measurable {
  const candidate = value as Partial<Measurable> | null;

  return typeof candidate?.size === 'number' && typeof candidate.bytes === 'number';
}
