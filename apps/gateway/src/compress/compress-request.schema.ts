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

export function parseCompressRequest(body: unknown): CompressRequest {
  let value: unknown;

  try {
    value = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : '');
  } catch {
    throw new HeadroomError('invalid_json', 'request body is not valid JSON');
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
