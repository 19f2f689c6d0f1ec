import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

// Provider usage fields that report prompt-cache hits: OpenAI chat
// (`prompt_tokens_details.cached_tokens`), Responses
// (`input_tokens_details.cached_tokens`) and Anthropic
// (`cache_read_input_tokens`). A pattern over the raw text finds them in JSON
// bodies and SSE events alike without parsing either.
const CACHED_TOKENS = /"(?:cached_tokens|cache_read_input_tokens)"\s*:\s*(\d+)/;
const NEEDLES = [Buffer.from('"cached_tokens"'), Buffer.from('"cache_read_input_tokens"')];

/** Cached input tokens named in a response body or event, if any. */
export function cachedTokensIn(bytes: Buffer): number | undefined {
  if (!NEEDLES.some((needle) => bytes.includes(needle))) {
    return undefined;
  }

  const match = CACHED_TOKENS.exec(bytes.toString('utf8'));

  return match ? Number(match[1]) : undefined;
}

/** The body as plain bytes for inspection only; the client always gets the bytes as they came. */
export function decodedForInspection(
  body: Buffer,
  encoding: string | undefined,
): Buffer | undefined {
  try {
    switch (encoding?.trim().toLowerCase()) {
      case undefined:
      case '':
      case 'identity':
        return body;
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(body);
      case 'deflate':
        return inflateSync(body);
      case 'br':
        return brotliDecompressSync(body);
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}
