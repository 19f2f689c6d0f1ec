import { Transform, type TransformCallback } from 'node:stream';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Index just past the first event terminator (a blank line: LF LF, CRLF CRLF,
 * CR CR or a mix) at or after `from`, or -1 when the buffer holds no whole event.
 */
export function findEventEnd(buffer: Buffer, from: number): number {
  for (let index = from; index < buffer.length; index += 1) {
    const byte = buffer[index];

    if (byte !== LF && byte !== CR) {
      continue;
    }

    // Skip this line ending, then see whether another one follows at once.
    let next = index + 1;
    if (byte === CR && buffer[next] === LF) {
      next += 1;
    }

    const following = buffer[next];
    if (following === LF) {
      return next + 1;
    }
    if (following === CR) {
      return buffer[next + 1] === LF ? next + 2 : next === buffer.length - 1 ? -1 : next + 1;
    }
    if (next >= buffer.length) {
      return -1;
    }

    index = next - 1;
  }

  return -1;
}

export type SseEventHandler = (event: Buffer) => Buffer | Buffer[] | null;

/**
 * Re-chunks an SSE byte stream into whole events, each pushed the moment its
 * terminating blank line arrives. With no handler the output bytes equal the
 * input bytes; a handler (the retrieval loop) may replace or drop an event.
 * Works on bytes, so a multi-byte character split across chunks survives.
 */
export class SseFramer extends Transform {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onEvent: SseEventHandler = (event) => event) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let start = 0;
    let end = findEventEnd(buffer, start);

    while (end !== -1) {
      this.emitEvent(buffer.subarray(start, end));
      start = end;
      end = findEventEnd(buffer, start);
    }

    this.pending = start === 0 ? buffer : Buffer.from(buffer.subarray(start));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    // A stream cut half-way still delivers the partial event it got: the
    // client's SSE parser decides, the gateway never invents or hides bytes.
    if (this.pending.length > 0) {
      this.emitEvent(this.pending);
      this.pending = Buffer.alloc(0);
    }

    callback();
  }

  private emitEvent(event: Buffer): void {
    const output = this.onEvent(event);

    if (output === null) {
      return;
    }

    for (const piece of Array.isArray(output) ? output : [output]) {
      this.push(piece);
    }
  }
}
