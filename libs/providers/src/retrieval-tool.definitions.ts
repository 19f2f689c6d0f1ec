import {
  RETRIEVAL_TOOL_DESCRIPTION,
  RETRIEVAL_TOOL_NAME,
  RETRIEVAL_TOOL_PARAMETERS,
} from '@headroom/contracts';
import type { ProviderFormat } from './provider-format';

// Serialised once at load: every injection in every turn and process sends
// these exact bytes, so the tools prefix of a cached prompt never moves.
const DEFINITIONS: Record<ProviderFormat, string> = {
  'openai-chat': JSON.stringify({
    type: 'function',
    function: {
      name: RETRIEVAL_TOOL_NAME,
      description: RETRIEVAL_TOOL_DESCRIPTION,
      parameters: RETRIEVAL_TOOL_PARAMETERS,
    },
  }),
  'openai-responses': JSON.stringify({
    type: 'function',
    name: RETRIEVAL_TOOL_NAME,
    description: RETRIEVAL_TOOL_DESCRIPTION,
    parameters: RETRIEVAL_TOOL_PARAMETERS,
    strict: false,
  }),
  'anthropic-messages': JSON.stringify({
    name: RETRIEVAL_TOOL_NAME,
    description: RETRIEVAL_TOOL_DESCRIPTION,
    input_schema: RETRIEVAL_TOOL_PARAMETERS,
  }),
};

export function retrievalToolDefinition(format: ProviderFormat): string {
  return DEFINITIONS[format];
}
