import { HeadroomError, isCcrKey } from '@headroom/contracts';
import { z } from 'zod';

/** `POST /v1/retrieve`, as the `headroom-ai` SDK sends it. Unknown keys are ignored. */
const retrieveRequestSchema = z.object({
  hash: z.string().min(1),
  query: z.string().optional(),
});

export type RetrieveRequest = { hash: string; query: string | undefined };

export function parseRetrieveRequest(body: unknown): RetrieveRequest {
  let value: unknown;

  try {
    value = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : '');
  } catch {
    throw new HeadroomError('invalid_json', 'request body is not valid JSON');
  }

  const parsed = retrieveRequestSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
    );
    throw new HeadroomError('invalid_request_error', problems.join('; '));
  }

  return { hash: parseHash(parsed.data.hash), query: normaliseQuery(parsed.data.query) };
}

/** A marker's key: 24 hex characters. Case is forgiven, nothing else is. */
export function parseHash(raw: string): string {
  const hash = raw.trim().toLowerCase();
  if (!isCcrKey(hash)) {
    throw new HeadroomError(
      'invalid_request_error',
      'hash must be the 24 hex characters from a [[headroom:<hash>]] marker',
    );
  }

  return hash;
}

export function normaliseQuery(query: string | undefined): string | undefined {
  return query !== undefined && query.trim() !== '' ? query : undefined;
}
