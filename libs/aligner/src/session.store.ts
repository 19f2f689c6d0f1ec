import type { TurnShape } from './prefix-tracker';

/** A compressed block as it was sent, with what compressed it (for attribution on replay). */
export type SentBlock = { text: string; kind: string; compressor: string };

/** What Headroom remembers of one session between turns. Never message content. */
export type SessionState = {
  turns: number;
  /** Once the retrieval tool was sent in a session, it is sent in every later turn. */
  retrievalToolInjected: boolean;
  /**
   * For each live-zone block seen, by content key: what went upstream for it,
   * or `null` when it went unchanged. Replayed verbatim in later turns.
   */
  sent: Record<string, SentBlock | null>;
  /** The shape of the last turn, as forwarded and as the client sent it. */
  lastTurn: { forwarded: TurnShape; client: TurnShape } | undefined;
  /** Provider-reported cached input tokens of each turn, newest last (bounded). */
  cachedTokens: number[];
  dynamicContent: string[];
};

export function emptySession(): SessionState {
  return {
    turns: 0,
    retrievalToolInjected: false,
    sent: {},
    lastTurn: undefined,
    cachedTokens: [],
    dynamicContent: [],
  };
}

/**
 * Where session state lives: in process for the embedded mode, in Redis when
 * several gateway replicas serve one conversation.
 */
export interface SessionStore {
  get(key: string): Promise<SessionState | undefined>;
  set(key: string, state: SessionState): Promise<void>;
}

export type InMemorySessionLimits = {
  maxSessions: number;
  /** Bound on the text the sessions hold (what they replay), in UTF-16 bytes. */
  maxBytes: number;
};

const DEFAULT_LIMITS: InMemorySessionLimits = { maxSessions: 2_000, maxBytes: 64 * 1024 * 1024 };

// Fixed cost of a session and of one remembered block, beyond their text.
const SESSION_OVERHEAD_BYTES = 1_024;
const BLOCK_OVERHEAD_BYTES = 96;

/**
 * Sessions of the embedded mode, least recently used dropped first. Each
 * holds the compressed text of up to MAX_SENT_BLOCKS blocks, so a count
 * alone bounds nothing: the store also keeps its text under `maxBytes`. A
 * dropped session's next turn is a first turn again (the net-cost gate
 * decides what a first turn may rewrite).
 *
 * TODO(#9): the bound is shared by every tenant, so one tenant opening
 * thousands of sessions evicts the others' and busts their prompt caches
 * (break-it: 6,000 sessions in 40 s changed another tenant's next turn).
 * Per-tenant shares of the bound would keep a flood to its own sessions.
 */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, { state: SessionState; bytes: number }>();
  private readonly limits: InMemorySessionLimits;
  private totalBytes = 0;

  constructor(limits: Partial<InMemorySessionLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  async get(key: string): Promise<SessionState | undefined> {
    const entry = this.sessions.get(key);
    if (entry) {
      this.sessions.delete(key);
      this.sessions.set(key, entry);
    }

    return entry?.state;
  }

  async set(key: string, state: SessionState): Promise<void> {
    this.drop(key);
    const bytes = sessionBytes(state);
    this.sessions.set(key, { state, bytes });
    this.totalBytes += bytes;

    while (
      this.sessions.size > this.limits.maxSessions ||
      (this.totalBytes > this.limits.maxBytes && this.sessions.size > 1)
    ) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
  }

  get size(): number {
    return this.sessions.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  private drop(key: string): void {
    const entry = this.sessions.get(key);
    if (!entry) return;

    this.sessions.delete(key);
    this.totalBytes -= entry.bytes;
  }
}

function sessionBytes(state: SessionState): number {
  let bytes = SESSION_OVERHEAD_BYTES;
  for (const block of Object.values(state.sent)) {
    bytes += BLOCK_OVERHEAD_BYTES + (block ? block.text.length * 2 : 0);
  }

  return bytes;
}
