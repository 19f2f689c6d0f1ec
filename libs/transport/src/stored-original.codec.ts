import type { LookupResult, StoredOriginal } from '@headroom/contracts';
import { TransportError } from './transport.error';

/**
 * JSON has no dates: a `StoredOriginal` crossing Redis comes back with ISO
 * strings. Turns them into `Date`s again and checks the shape on the way.
 */
export function reviveLookupResult(value: unknown): LookupResult {
  const result = value as { status?: unknown; original?: Record<string, unknown> } | null;
  if (result?.status === 'missing' || result?.status === 'expired') {
    return value as LookupResult;
  }
  if (result?.status !== 'found' || !result.original) {
    throw new TransportError('bad_request', 'malformed ccr.lookup answer', 'ccr.lookup');
  }

  return { status: 'found', original: reviveOriginal(result.original) };
}

export function reviveOriginal(original: Record<string, unknown>): StoredOriginal {
  const dated = { ...original } as Record<string, unknown>;
  for (const field of ['createdAt', 'expiresAt', 'lastAccessedAt']) {
    const raw = dated[field];
    if (typeof raw === 'string') dated[field] = new Date(raw);
  }

  return dated as StoredOriginal;
}
