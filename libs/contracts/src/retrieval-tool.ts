/**
 * The retrieval tool the gateway injects next to markers. Its bytes must never
 * change between turns of a session (prompt caches key on them), so the
 * definitions are frozen constants, serialised once.
 */
export const RETRIEVAL_TOOL_NAME = 'headroom_retrieve';

export const RETRIEVAL_TOOL_DESCRIPTION =
  'Returns the exact original of tool output that was shortened where a marker ' +
  '[[headroom:<hash> note]] stands. Call it with that hash only when you need what was left out.';

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
