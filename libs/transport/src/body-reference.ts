import { createHash } from 'node:crypto';
import { TRANSPORT_KEYS } from '@headroom/contracts';
import type { Redis } from 'ioredis';
import type { EncodedBody } from './stream-entry';

/**
 * Bodies above this size travel by reference: the sender SETs them under a
 * content key with a TTL and sends only the key. Keeps stream entries small,
 * so a 10 MB tool output never sits in a stream or a reply list.
 */
export const DEFAULT_INLINE_LIMIT_BYTES = 256 * 1024;

export async function encodeBody(
  redis: Redis,
  json: string,
  inlineLimitBytes: number,
  ttlMs: number,
): Promise<EncodedBody> {
  if (Buffer.byteLength(json) <= inlineLimitBytes) return { inline: json };

  // Content-addressed: the same large body sent twice is stored once.
  const ref = createHash('sha256').update(json).digest('hex');
  await redis.set(TRANSPORT_KEYS.body(ref), json, 'PX', Math.max(1_000, Math.ceil(ttlMs)));

  return { ref };
}

/** The body's JSON text; `undefined` when a referenced body has already expired. */
export async function decodeBody(redis: Redis, body: EncodedBody): Promise<string | undefined> {
  if ('inline' in body) return body.inline;
  const json = await redis.get(TRANSPORT_KEYS.body(body.ref));

  return json ?? undefined;
}
