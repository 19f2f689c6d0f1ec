/** One server-sent event, with the exact text it arrived as. */
export type SseEvent = {
  event: string | undefined;
  data: string;
  raw: string;
};

/**
 * Incremental SSE framing: feed chunks as they arrive, get whole events back.
 * Events are separated by a blank line; `\r\n` and `\n` are both accepted.
 */
export class SseParser {
  private buffer = '';
  private readonly decoder = new TextDecoder('utf-8');

  push(chunk: Uint8Array | string): SseEvent[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const events: SseEvent[] = [];

    for (;;) {
      const boundary = /\r?\n\r?\n/.exec(this.buffer);
      if (boundary === null) break;

      const end = boundary.index + boundary[0].length;
      const raw = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end);
      const event = parseEvent(raw);
      if (event) events.push(event);
    }

    return events;
  }

  /** Whatever is left when the stream ends without a final blank line. */
  flush(): SseEvent[] {
    const rest = this.buffer + this.decoder.decode();
    this.buffer = '';
    const event = rest.trim() ? parseEvent(`${rest}\n\n`) : undefined;

    return event ? [event] : [];
  }
}

function parseEvent(raw: string): SseEvent | undefined {
  let event: string | undefined;
  const data: string[] = [];

  for (const line of raw.split(/\r?\n/)) {
    if (line.startsWith('event:')) {
      event = line.slice(6).trim();
    } else if (line.startsWith('data:')) {
      data.push(line.slice(5).replace(/^ /, ''));
    }
  }

  if (event === undefined && data.length === 0) {
    return undefined;
  }

  return { event, data: data.join('\n'), raw };
}

export function formatSse(event: string | undefined, data: unknown): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return event === undefined ? `data: ${payload}\n\n` : `event: ${event}\ndata: ${payload}\n\n`;
}

export function parseData(event: SseEvent): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(event.data);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
