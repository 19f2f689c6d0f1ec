import type { ProviderFormat } from '@headroom/providers';

export type LoggedRequest = {
  /** 1-based line number in the log, for error reports. */
  line: number;
  format: ProviderFormat;
  body: Buffer;
  tenant?: string;
  sessionId?: string;
};

export type RejectedLine = { line: number; reason: string };

export type ParsedLine =
  { ok: true; request: LoggedRequest } | { ok: false; rejected: RejectedLine };

type JsonObject = Record<string, unknown>;

const ANTHROPIC_BLOCKS = new Set(['tool_use', 'tool_result', 'thinking', 'redacted_thinking']);
const CHAT_ONLY_ROLES = new Set(['system', 'tool', 'developer', 'function']);
const FORMATS: readonly string[] = ['openai-chat', 'openai-responses', 'anthropic-messages'];

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Which provider API a logged body was written for. Responses bodies carry
 * `input` instead of `messages`; Anthropic bodies give themselves away by a
 * top-level `system`, their block types or a Claude model, Chat bodies by the
 * roles only Chat has. Ambiguous bodies (plain user/assistant text) are read
 * as Chat, which counts them the same way.
 */
export function detectFormat(body: JsonObject): ProviderFormat | undefined {
  if (!Array.isArray(body.messages)) {
    return body.input !== undefined ? 'openai-responses' : undefined;
  }

  const model = typeof body.model === 'string' ? body.model.toLowerCase() : '';
  if (model.includes('claude') || body.system !== undefined) {
    return 'anthropic-messages';
  }

  for (const message of body.messages) {
    if (!isObject(message)) continue;
    if (typeof message.role === 'string' && CHAT_ONLY_ROLES.has(message.role)) {
      return 'openai-chat';
    }
    if (Array.isArray(message.content)) {
      const blocks = message.content.filter(isObject);
      if (blocks.some((block) => ANTHROPIC_BLOCKS.has(String(block.type)))) {
        return 'anthropic-messages';
      }
    }
  }

  return 'openai-chat';
}

/**
 * One log line: a bare provider body, or an envelope `{ body, format?, tenant?,
 * session_id? }` as a capturing proxy would write it. Never throws: a line
 * that cannot be used comes back with the reason.
 */
export function parseLogLine(text: string, line: number): ParsedLine | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { ok: false, rejected: { line, reason: 'not JSON' } };
  }
  if (!isObject(parsed)) {
    return { ok: false, rejected: { line, reason: 'not a JSON object' } };
  }

  const envelope = isObject(parsed.body) && parsed.messages === undefined ? parsed : undefined;
  const body = envelope ? (envelope.body as JsonObject) : parsed;
  const declared = envelope && typeof envelope.format === 'string' ? envelope.format : undefined;
  if (declared !== undefined && !FORMATS.includes(declared)) {
    return { ok: false, rejected: { line, reason: `unknown format ${declared}` } };
  }

  const format = (declared as ProviderFormat | undefined) ?? detectFormat(body);
  if (!format) {
    return { ok: false, rejected: { line, reason: 'neither messages nor input' } };
  }

  return {
    ok: true,
    request: {
      line,
      format,
      // The envelope's body is re-serialised; a bare line keeps its own bytes.
      body: Buffer.from(envelope ? JSON.stringify(body) : trimmed, 'utf8'),
      tenant: stringField(envelope, 'tenant'),
      sessionId: stringField(envelope, 'session_id'),
    },
  };
}

function stringField(source: JsonObject | undefined, name: string): string | undefined {
  const value = source?.[name];

  return typeof value === 'string' && value ? value : undefined;
}
