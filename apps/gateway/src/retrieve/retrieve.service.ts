import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  formatDuration,
  type ManagedOriginalStore,
  type RetrievalType,
  searchOriginal,
} from '@headroom/ccr';
import {
  HeadroomError,
  ORIGINAL_STORE,
  RETRIEVAL_TOOL_NAME,
  type RetrieveResponseBody,
  type RetrieveSearchResponseBody,
  type RetrievalIntent,
  type StoredOriginal,
} from '@headroom/contracts';
import { tokenizerFor } from '@headroom/tokens';
import { type RetrieveToolCall, toolResultMessage } from './retrieve-tool-call';

/** `POST /v1/retrieve/tool_call`: a tool result the caller appends as is. */
export type RetrieveToolCallBody = {
  tool_call_id: string;
  hash: string;
  success: boolean;
  content: string;
  message: Record<string, unknown>;
};

/** `GET /v1/retrieve/stats`, in the shape the `headroom-ai` SDK's `getCCRStats()` reads. */
export type RetrieveStatsBody = {
  tenant: string;
  ttl_seconds: number;
  store: {
    entries: number;
    /** No cap: originals leave only by retention. */
    max_entries: null;
    original_tokens_cached: number;
    compressed_tokens_cached: number;
    retrievals: number;
    expired_pending: number;
    content_bytes: number;
  };
  recent_retrievals: {
    hash: string;
    /** A search's query (its first 256 characters) while its original is kept. */
    query: string | null;
    /** JSON items or non-empty lines served, of `total_items` in the original. */
    items_retrieved: number | null;
    total_items: number | null;
    tool_name: string | null;
    /** Null for retrievals recorded before the audit trail said how. */
    retrieval_type: RetrievalType | null;
    at: string;
  }[];
};

/** Answers Headroom's retrieval API from the CCR store, always within one tenant. */
@Injectable()
export class RetrieveService {
  private readonly logger = new Logger(RetrieveService.name);

  constructor(@Inject(ORIGINAL_STORE) private readonly store: ManagedOriginalStore) {}

  async retrieve(tenant: string, hash: string, actor: string): Promise<RetrieveResponseBody> {
    const original = await this.find(tenant, hash, actor);

    return {
      hash,
      original_content: original.content,
      original_tokens: original.tokensBefore ?? tokenizerFor(undefined).count(original.content),
      original_item_count: original.itemCount,
      compressed_item_count: original.keptCount,
      tool_name: original.toolName,
      retrieval_count: original.retrievalCount,
    };
  }

  async search(
    tenant: string,
    hash: string,
    query: string,
    actor: string,
  ): Promise<RetrieveSearchResponseBody> {
    const original = await this.find(tenant, hash, actor, { query });
    // The store audits this search with the same function and defaults, so
    // the row's count is the number of results answered here.
    const { results, count } = searchOriginal(original.content, query);

    return { hash, query, results, count };
  }

  // Misses are answered, not thrown: the model gets a final, actionable tool
  // result and no reason to call again with the same hash.
  async toolCall(
    tenant: string,
    call: RetrieveToolCall,
    actor: string,
  ): Promise<RetrieveToolCallBody> {
    let content: string;
    let success = true;

    try {
      content = call.query
        ? JSON.stringify(await this.search(tenant, call.hash, call.query, actor))
        : (await this.find(tenant, call.hash, actor)).content;
    } catch (error) {
      if (!(error instanceof HeadroomError) || error.status >= 500) {
        throw error;
      }
      success = false;
      content = `${error.message}. Do not call ${RETRIEVAL_TOOL_NAME} for this hash again; answer with what you have.`;
    }

    return {
      tool_call_id: call.callId,
      hash: call.hash,
      success,
      content,
      message: toolResultMessage(call, content, !success),
    };
  }

  async stats(tenant: string): Promise<RetrieveStatsBody> {
    const stats = await this.store.stats(tenant);

    return {
      tenant,
      ttl_seconds: stats.ttlSeconds,
      store: {
        entries: stats.entries,
        max_entries: null,
        original_tokens_cached: stats.originalTokens,
        compressed_tokens_cached: stats.compressedTokens,
        retrievals: stats.retrievals,
        expired_pending: stats.expiredPending,
        content_bytes: stats.contentBytes,
      },
      recent_retrievals: stats.recentRetrievals.map(({ retrieval, ...recent }) => ({
        hash: recent.key,
        query: retrieval?.query ?? null,
        items_retrieved: retrieval?.itemsServed ?? null,
        // Older rows know only the original's own item count.
        total_items: retrieval ? retrieval.totalItems : recent.itemCount,
        tool_name: recent.toolName,
        retrieval_type: retrieval?.type ?? null,
        at: recent.at.toISOString(),
      })),
    };
  }

  // Unknown and foreign keys are the same 404: a tenant learns nothing about
  // another tenant's keys. Expiry is terminal and says so, so nobody retries.
  private async find(
    tenant: string,
    hash: string,
    actor: string,
    intent: RetrievalIntent = {},
  ): Promise<StoredOriginal> {
    const result = await this.store.lookup(tenant, hash, actor, intent);

    switch (result.status) {
      case 'found':
        this.logger.debug({
          msg: 'retrieved',
          tenant,
          hash,
          retrievals: result.original.retrievalCount,
        });

        return result.original;
      case 'expired':
        throw new HeadroomError(
          'expired_error',
          `original ${hash} has expired: originals are kept ${formatDuration(result.ttlSeconds)} ` +
            `(${result.ttlSeconds} s, HEADROOM_CCR_TTL) after their last use, and this one is gone for good`,
          { ttlSeconds: result.ttlSeconds },
        );
      case 'missing':
        throw new HeadroomError('not_found_error', `no original with hash ${hash}`);
    }
  }
}
