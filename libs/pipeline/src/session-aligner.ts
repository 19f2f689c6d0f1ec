import {
  type PrefixReport,
  type SentBlock,
  type SessionState,
  type SessionStore,
  comparePrefix,
  dynamicKinds,
  emptySession,
  sessionKey,
  turnShape,
} from '@headroom/aligner';
import type { JsonObject, RequestView } from '@headroom/providers';

const MAX_CACHED_TOKEN_SAMPLES = 50;

// A session key is shared by every conversation that opens with the same
// system prompt, tools and credential, so an agent type serving many tasks
// keeps one session for good. Without a bound `sent` gained an entry for
// every block it ever saw (the soak: +0.5 KB per request, cloned on every
// turn). One conversation carries far fewer tool results than this; blocks
// it replays are moved to the newest end, so only blocks no turn sends any
// more are dropped.
export const MAX_SENT_BLOCKS = 1_000;

export type SessionOpening = {
  tenant: string;
  sessionId?: string;
  credentialFingerprint?: string;
  view: RequestView;
  body: JsonObject;
};

/**
 * The CacheAligner's per-request handle on a session: what earlier turns sent
 * for each block (replayed byte for byte), whether the retrieval tool is
 * already part of the prompt, and how this turn's prefix compares with the
 * last one.
 *
 * The state it was opened with is never changed, so concurrent requests of a
 * session each see it as it was when they opened it. It is not copied either:
 * a session that an agent type shares holds up to MAX_SENT_BLOCKS compressed
 * blocks, tens of MB, and a copy per request in flight was most of the
 * gateway's peak memory under large bodies (BL-35). This request's changes
 * are kept beside it and merged into a new state in `finish`; the blocks
 * themselves are immutable and shared.
 */
export class AlignedSession {
  private readonly state: SessionState;
  /** The opened state's blocks and their keys, least recently sent first. */
  private readonly base: Readonly<Record<string, SentBlock | null>>;
  private readonly baseOrder: string[];
  /** Base keys this request has moved to `touched` or dropped. */
  private readonly retired = new Set<string>();
  private liveBaseCount: number;
  private oldestBase = 0;
  /** Blocks this request replayed or recorded, least recently sent first. */
  private readonly touched = new Map<string, SentBlock | null>();

  constructor(
    readonly key: string,
    state: SessionState | undefined,
    private readonly store: SessionStore,
  ) {
    const opened = state ?? emptySession();
    this.base = opened.sent;
    this.baseOrder = Object.keys(opened.sent);
    this.liveBaseCount = this.baseOrder.length;
    this.state = {
      ...opened,
      sent: {},
      cachedTokens: [...opened.cachedTokens],
      dynamicContent: [...opened.dynamicContent],
    };
  }

  get isNew(): boolean {
    return this.state.turns === 0;
  }

  get retrievalToolInjected(): boolean {
    return this.state.retrievalToolInjected;
  }

  get dynamicContent(): string[] {
    return this.state.dynamicContent;
  }

  /** What an earlier turn sent for this block: the block, `null` for unchanged, or undefined. */
  replay(blockKey: string): SentBlock | null | undefined {
    const sent = this.touched.has(blockKey)
      ? this.touched.get(blockKey)
      : this.isLiveBase(blockKey)
        ? this.base[blockKey]
        : undefined;
    if (sent !== undefined) this.moveToNewest(blockKey, sent);

    return sent;
  }

  record(blockKey: string, forwarded: SentBlock | null): void {
    this.moveToNewest(blockKey, forwarded);

    while (this.liveBaseCount + this.touched.size > MAX_SENT_BLOCKS) {
      this.dropOldest();
    }
  }

  private moveToNewest(blockKey: string, forwarded: SentBlock | null): void {
    if (this.isLiveBase(blockKey)) {
      this.retired.add(blockKey);
      this.liveBaseCount -= 1;
    }
    this.touched.delete(blockKey);
    this.touched.set(blockKey, forwarded);
  }

  // Untouched base blocks are older than every block this request touched.
  private dropOldest(): void {
    if (this.liveBaseCount > 0) {
      while (this.retired.has(this.baseOrder[this.oldestBase])) this.oldestBase += 1;
      this.retired.add(this.baseOrder[this.oldestBase]);
      this.liveBaseCount -= 1;
      return;
    }

    const oldest = this.touched.keys().next().value;
    if (oldest !== undefined) this.touched.delete(oldest);
  }

  private isLiveBase(blockKey: string): boolean {
    return Object.hasOwn(this.base, blockKey) && !this.retired.has(blockKey);
  }

  // Keys are 24 hex characters, never array indices, so the object keeps
  // insertion order: the first keys are the ones least recently sent.
  private mergedSent(): Record<string, SentBlock | null> {
    const sent: Record<string, SentBlock | null> = {};
    for (const blockKey of this.baseOrder) {
      if (!this.retired.has(blockKey)) sent[blockKey] = this.base[blockKey];
    }
    for (const [blockKey, forwarded] of this.touched) sent[blockKey] = forwarded;

    return sent;
  }

  async finish(
    view: RequestView,
    forwardedText: string,
    clientText: string,
    toolInjected: boolean,
  ): Promise<PrefixReport> {
    const shape = (text: string) =>
      turnShape(text, view.headFields, view.conversationField, view.conversationLength);
    const current = { forwarded: shape(forwardedText), client: shape(clientText) };
    const report = comparePrefix(this.state.lastTurn, current);

    if (this.isNew || report.bust?.reason === 'head-changed') {
      this.state.dynamicContent = dynamicKinds(view.system.map((unit) => unit.text).join('\n'));
    }
    this.state.turns += 1;
    this.state.retrievalToolInjected ||= toolInjected;
    this.state.lastTurn = current;
    await this.store.set(this.key, { ...this.state, sent: this.mergedSent() });

    return report;
  }
}

export class SessionAligner {
  constructor(private readonly store: SessionStore) {}

  async open(opening: SessionOpening): Promise<AlignedSession> {
    const head = {
      fields: opening.view.headFields.map((field) => opening.body[field] ?? null),
      system: opening.view.system.map((unit) => unit.text),
    };
    const key = sessionKey({
      tenant: opening.tenant,
      explicitId: opening.sessionId,
      credentialFingerprint: opening.credentialFingerprint,
      head,
    });

    return new AlignedSession(key, await this.store.get(key), this.store);
  }

  async recordUsage(key: string, cachedTokens: number): Promise<void> {
    const state = await this.store.get(key);
    if (!state) return;

    state.cachedTokens = [...state.cachedTokens, cachedTokens].slice(-MAX_CACHED_TOKEN_SAMPLES);
    await this.store.set(key, state);
  }
}
