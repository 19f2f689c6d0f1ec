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
 */
export class AlignedSession {
  private readonly state: SessionState;

  constructor(
    readonly key: string,
    state: SessionState | undefined,
    private readonly store: SessionStore,
  ) {
    this.state = state ? structuredClone(state) : emptySession();
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
    const sent = this.state.sent[blockKey];
    if (sent !== undefined) this.moveToNewest(blockKey, sent);

    return sent;
  }

  record(blockKey: string, forwarded: SentBlock | null): void {
    this.moveToNewest(blockKey, forwarded);

    // Keys are 24 hex characters, never array indices, so the object keeps
    // insertion order: the first keys are the ones least recently sent.
    const keys = Object.keys(this.state.sent);
    for (let index = 0; index < keys.length - MAX_SENT_BLOCKS; index += 1) {
      delete this.state.sent[keys[index]];
    }
  }

  private moveToNewest(blockKey: string, forwarded: SentBlock | null): void {
    delete this.state.sent[blockKey];
    this.state.sent[blockKey] = forwarded;
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
    await this.store.set(this.key, this.state);

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
