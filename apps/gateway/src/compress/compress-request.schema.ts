import { isUtf8 } from 'node:buffer';
import { HeadroomError } from '@headroom/contracts';
import { z } from 'zod';

/** `POST /v1/compress`, as the `headroom-ai` SDK sends it. Unknown keys are ignored. */
export const compressRequestSchema = z.object({
  messages: z.array(z.unknown()),
  model: z.string().min(1),
  token_budget: z.number().int().positive().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});

export type CompressRequest = z.infer<typeof compressRequestSchema>;

const MAX_DEPTH = 512;

/** Nesting depth of a parsed JSON value, walked without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];

  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;

    deepest = Math.max(deepest, depth);
    if (deepest > MAX_DEPTH) return deepest;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }

  return deepest;
}

export function parseCompressRequest(body: unknown): CompressRequest {
  let value: unknown;

  // Decoding would turn invalid bytes into U+FFFD and hand back messages the
  // caller never sent; the answer is JSON, which cannot carry them either.
  if (Buffer.isBuffer(body) && !isUtf8(body)) {
    throw new HeadroomError('invalid_json', 'request body is not valid UTF-8');
  }

  try {
    value = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : '');
  } catch {
    throw new HeadroomError('invalid_json', 'request body is not valid JSON');
  }

  // The messages go back to the caller as JSON; nesting deeper than any real
  // conversation would overflow the serialiser, so it is refused up front.
  if (depthOf(value) > MAX_DEPTH) {
    throw new HeadroomError(
      'invalid_request_error',
      `messages nest deeper than ${MAX_DEPTH} levels`,
    );
  }

  const parsed = compressRequestSchema.safeParse(value);

  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
    );
    throw new HeadroomError('invalid_request_error', problems.join('; '));
  }

  return parsed.data;
}
