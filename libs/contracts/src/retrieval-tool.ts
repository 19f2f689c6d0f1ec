/**
 * The retrieval tool the gateway injects next to markers. Its bytes must never
 * change between turns of a session (prompt caches key on them), so the
 * definitions are frozen constants, serialised once.
 */
export const RETRIEVAL_TOOL_NAME = 'headroom_retrieve';

export const RETRIEVAL_TOOL_DESCRIPTION =
  'Fetch the full original of content that Headroom shortened. Parts of earlier tool ' +
  'outputs may have been replaced by markers like [[headroom:<hash> note]]. Call this ' +
  'tool with that hash when you need the omitted content; the result is the exact original.';

export const RETRIEVAL_TOOL_PARAMETERS = Object.freeze({
  type: 'object',
  properties: Object.freeze({
    hash: Object.freeze({
      type: 'string',
      description: 'The hash from a [[headroom:<hash>]] marker.',
    }),
  }),
  required: Object.freeze(['hash']),
  additionalProperties: false,
});

/** The most rounds of server-side retrieval before the model must answer. */
export const MAX_RETRIEVAL_ROUNDS = 3;
