/** Shapes of the Headroom wire API, as the `headroom-ai` SDK reads them. */
export type CompressRequestBody = {
  messages: unknown[];
  model: string;
  token_budget?: number;
  config?: Record<string, unknown>;
};

export type CompressResponseBody = {
  messages: unknown[];
  tokens_before: number;
  tokens_after: number;
  tokens_saved: number;
  compression_ratio: number;
  transforms_applied: string[];
  ccr_hashes: string[];
};

export type RetrieveResponseBody = {
  hash: string;
  original_content: string;
  original_tokens: number;
  original_item_count: number | null;
  compressed_item_count: number | null;
  tool_name: string | null;
  retrieval_count: number;
};

export type RetrieveSearchResponseBody = {
  hash: string;
  query: string;
  results: string[];
  count: number;
};
