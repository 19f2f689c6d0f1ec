import { HeadroomError, RETRIEVAL_TOOL_NAME } from '@headroom/contracts';
import { parseHash } from './retrieve-request.schema';

export type ToolCallProvider = 'openai' | 'anthropic';

/** A `headroom_retrieve` call, from either provider's shape. */
export type RetrieveToolCall = {
  provider: ToolCallProvider;
  callId: string;
  hash: string;
  query: string | undefined;
};

type UnknownRecord = Record<string, unknown>;

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `POST /v1/retrieve/tool_call`, as the `headroom-ai` SDK's `handleToolCall`
 * sends it (keys snake-cased): `{tool_call, provider?}` where the call is an
 * OpenAI `{id, function: {name, arguments}}` or an Anthropic
 * `{id, name, input}`. Calls to any other tool are refused.
 */
export function parseRetrieveToolCall(body: unknown): RetrieveToolCall {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : '');
  } catch {
    throw new HeadroomError('invalid_json', 'request body is not valid JSON');
  }

  const call = isRecord(value) ? value['tool_call'] : undefined;
  if (!isRecord(call) || typeof call['id'] !== 'string') {
    throw new HeadroomError('invalid_request_error', 'tool_call: expected an object with an id');
  }

  const openai = isRecord(call['function']) ? call['function'] : undefined;
  const name = openai ? openai['name'] : call['name'];
  if (name !== RETRIEVAL_TOOL_NAME) {
    throw new HeadroomError(
      'invalid_request_error',
      `tool_call: not a ${RETRIEVAL_TOOL_NAME} call`,
    );
  }

  const input = openai ? parseArguments(openai['arguments']) : call['input'];
  if (!isRecord(input) || typeof input['hash'] !== 'string') {
    throw new HeadroomError('invalid_request_error', 'tool_call: arguments need a string hash');
  }

  const query =
    typeof input['query'] === 'string' && input['query'].trim() ? input['query'] : undefined;

  return {
    provider: openai ? 'openai' : 'anthropic',
    callId: call['id'],
    hash: parseHash(input['hash']),
    query,
  };
}

function parseArguments(raw: unknown): unknown {
  if (typeof raw !== 'string') {
    return raw;
  }

  try {
    return JSON.parse(raw);
  } catch {
    throw new HeadroomError('invalid_request_error', 'tool_call: arguments are not valid JSON');
  }
}

/** The tool result to append to the conversation, in the caller's provider shape. */
export function toolResultMessage(
  call: RetrieveToolCall,
  content: string,
  isError: boolean,
): UnknownRecord {
  if (call.provider === 'openai') {
    return { role: 'tool', tool_call_id: call.callId, content };
  }

  return {
    type: 'tool_result',
    tool_use_id: call.callId,
    content,
    ...(isError ? { is_error: true } : {}),
  };
}
