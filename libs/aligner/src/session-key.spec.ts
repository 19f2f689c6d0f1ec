import { fingerprintCredential, sessionKey } from './session-key';

describe('sessionKey', () => {
  const base = { tenant: 'acme', credentialFingerprint: 'f1', head: { system: 'be brief' } };

  it('is stable for the same caller and head', () => {
    expect(sessionKey(base)).toBe(sessionKey({ ...base }));
  });

  it('separates tenants, credentials and system prompts', () => {
    const keys = new Set([
      sessionKey(base),
      sessionKey({ ...base, tenant: 'other' }),
      sessionKey({ ...base, credentialFingerprint: 'f2' }),
      sessionKey({ ...base, head: { system: 'be verbose' } }),
    ]);

    expect(keys.size).toBe(4);
  });

  it('prefers an explicit session id but keeps it tenant-scoped', () => {
    const named = { ...base, explicitId: 's-1' };

    expect(sessionKey(named)).toBe(sessionKey({ ...named, head: 'anything' }));
    expect(sessionKey(named)).not.toBe(sessionKey({ ...named, tenant: 'other' }));
  });

  it('fingerprints credentials without keeping them', () => {
    expect(fingerprintCredential('Bearer sk-secret')).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintCredential(undefined)).toBeUndefined();
  });
});
