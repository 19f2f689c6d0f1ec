import type { TransportReply } from '@headroom/contracts';

/** One request as it sits in a family's stream. */
export type StreamRequest = {
  id: string;
  pattern: string;
  /** Reply list key; empty for events, which get no answer. */
  replyTo: string;
  requestId: string;
  /** Epoch milliseconds after which nobody waits for the answer any more. */
  deadline: number;
  body: EncodedBody;
};

/** A JSON body, inline or by reference to a Redis key holding it. */
export type EncodedBody = { inline: string } | { ref: string };

/** Flattens a request into XADD field/value pairs. */
export function toStreamFields(request: StreamRequest): string[] {
  const fields = [
    'id',
    request.id,
    'pattern',
    request.pattern,
    'reply',
    request.replyTo,
    'rid',
    request.requestId,
    'deadline',
    String(request.deadline),
  ];

  return 'inline' in request.body
    ? [...fields, 'body', request.body.inline]
    : [...fields, 'ref', request.body.ref];
}

/** Reads XREADGROUP/XAUTOCLAIM field pairs back; `undefined` for a malformed entry. */
export function fromStreamFields(fields: readonly string[]): StreamRequest | undefined {
  const map = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) {
    map.set(fields[index], fields[index + 1]);
  }

  const id = map.get('id');
  const pattern = map.get('pattern');
  const deadline = Number(map.get('deadline'));
  const inline = map.get('body');
  const ref = map.get('ref');
  if (!id || !pattern || !Number.isFinite(deadline) || (inline === undefined && !ref)) {
    return undefined;
  }

  return {
    id,
    pattern,
    replyTo: map.get('reply') ?? '',
    requestId: map.get('rid') ?? '',
    deadline,
    body: inline !== undefined ? { inline } : { ref: ref as string },
  };
}

/** The wire form of a reply: the envelope plus, for large answers, a body reference. */
export type EncodedReply =
  | { id: string; ok: true; inline: string }
  | { id: string; ok: true; ref: string }
  | Extract<TransportReply, { ok: false }>;

export function isEncodedReply(value: unknown): value is EncodedReply {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;

  return typeof candidate.id === 'string' && typeof candidate.ok === 'boolean';
}

/** Entries as XREADGROUP (one stream) and XAUTOCLAIM return them. */
export type RawEntry = [id: string, fields: string[] | null];

export function parseReadGroupReply(reply: unknown): RawEntry[] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  const [, entries] = reply[0] as [string, RawEntry[]];

  return Array.isArray(entries) ? entries : [];
}

export function parseAutoClaimReply(reply: unknown): { cursor: string; entries: RawEntry[] } {
  if (!Array.isArray(reply) || reply.length < 2) return { cursor: '0-0', entries: [] };

  return { cursor: String(reply[0]), entries: (reply[1] as RawEntry[]) ?? [] };
}
