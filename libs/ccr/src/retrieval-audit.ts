import { createHash } from 'node:crypto';
import type { RetrievalIntent } from '@headroom/contracts';
import { searchOriginal, searchUnits } from './search-original';

export const RETRIEVAL_TYPES = ['full', 'search'] as const;

export type RetrievalType = (typeof RETRIEVAL_TYPES)[number];

export function isRetrievalType(value: unknown): value is RetrievalType {
  return typeof value === 'string' && (RETRIEVAL_TYPES as readonly string[]).includes(value);
}

/**
 * The query is text a model or a user wrote, and it is usually made of words
 * lifted from the original, so it can carry the same personal data. It is
 * kept verbatim only as long as the original itself (the purge that deletes
 * the original clears it) and only its first 256 characters: search terms
 * are words, and a longer query adds bulk, not meaning. What outlives the
 * original is a SHA-256 of the tenant and the whole query, which lets an
 * investigator confirm a suspected query without the trail keeping its text;
 * hashing the tenant in means the same query in two tenants gives two
 * digests, so a trail exported across tenants cannot link them.
 */
export const AUDIT_QUERY_MAX_CHARS = 256;

/** How one lookup was served, as its audit row records it. */
export type RetrievalDetail = {
  type: RetrievalType;
  /** Bounded to AUDIT_QUERY_MAX_CHARS; null for full reads and once purged. */
  query: string | null;
  queryDigest: string | null;
  /** JSON items or non-empty lines served, in the units `searchOriginal` uses. */
  itemsServed: number | null;
  /** Items or lines the original holds; null when the original was not found. */
  totalItems: number | null;
};

/** A lookup that found no original: what was asked, nothing served. */
export function describeRequest(tenant: string, intent: RetrievalIntent = {}): RetrievalDetail {
  const query = searchQuery(intent);
  if (query === undefined) {
    return { type: 'full', query: null, queryDigest: null, itemsServed: null, totalItems: null };
  }

  return {
    type: 'search',
    query: boundedQuery(query),
    queryDigest: queryDigest(tenant, query),
    itemsServed: null,
    totalItems: null,
  };
}

/**
 * A lookup that found its original, counted the way the retrieval serves it:
 * a search with `searchOriginal`'s default limit (as `/v1/retrieve` answers),
 * a full read with every item. Stores call it inside the transaction that
 * records the retrieval, so the row never disagrees with what was served.
 */
export function describeRetrieval(
  tenant: string,
  content: string,
  intent: RetrievalIntent = {},
): RetrievalDetail {
  const request = describeRequest(tenant, intent);
  const query = searchQuery(intent);

  if (query === undefined) {
    // TODO(#9): counting re-reads the original inside the retrieval's
    // transaction (about 15 ms per MB of JSON here), and a search is run
    // twice, here and by whoever serves it. Counting units once at save time
    // and letting the store return the search it audited would remove both.
    const total = searchUnits(content).candidates.length;

    return { ...request, itemsServed: total, totalItems: total };
  }

  const search = searchOriginal(content, query);

  return { ...request, itemsServed: search.results.length, totalItems: search.total };
}

export function queryDigest(tenant: string, query: string): string {
  return createHash('sha256').update(`${tenant}\u0000${query}`, 'utf8').digest('hex');
}

// A blank query is no search: `/v1/retrieve` answers it with the whole original.
function searchQuery(intent: RetrievalIntent): string | undefined {
  return intent.query !== undefined && intent.query.trim() !== '' ? intent.query : undefined;
}

// By code point, so a cut never leaves half a surrogate pair behind.
function boundedQuery(query: string): string {
  const points = Array.from(query);

  return points.length <= AUDIT_QUERY_MAX_CHARS
    ? query
    : points.slice(0, AUDIT_QUERY_MAX_CHARS).join('');
}
