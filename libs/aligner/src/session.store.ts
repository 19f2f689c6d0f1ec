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

export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionState>();

  constructor(private readonly maxSessions = 2_000) {}

  async get(key: string): Promise<SessionState | undefined> {
    const state = this.sessions.get(key);
    if (state) {
      this.sessions.delete(key);
      this.sessions.set(key, state);
    }

    return state;
  }

  async set(key: string, state: SessionState): Promise<void> {
    this.sessions.delete(key);
    this.sessions.set(key, state);

    while (this.sessions.size > this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
  }

  get size(): number {
    return this.sessions.size;
  }
}
