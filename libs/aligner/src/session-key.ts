import { createHash } from 'node:crypto';

export type SessionIdentity = {
  tenant: string;
  /** `x-headroom-session-id`, when the client names its session. */
  explicitId?: string;
  /** A hash of the credential the client sent upstream; never the credential itself. */
  credentialFingerprint?: string;
  /** The request's stable head: system prompt (top-level or first messages) and tools. */
  head: unknown;
};

/**
 * A session is one conversation as the provider's prompt cache sees it. Without
 * an explicit id it is derived from who is asking (tenant and credential) and
 * what the conversation starts with (system prompt and tools), so two agents on
 * one key with different prompts never share state.
 */
export function sessionKey(identity: SessionIdentity): string {
  const hash = createHash('sha256').update(identity.tenant).update('\u0000');

  if (identity.explicitId) {
    hash.update('id:').update(identity.explicitId);
  } else {
    hash
      .update('cred:')
      .update(identity.credentialFingerprint ?? '')
      .update('\u0000head:')
      .update(JSON.stringify(identity.head ?? null));
  }

  return hash.digest('hex').slice(0, 32);
}

export function fingerprintCredential(value: string | undefined): string | undefined {
  return value ? createHash('sha256').update(value).digest('hex').slice(0, 16) : undefined;
}
