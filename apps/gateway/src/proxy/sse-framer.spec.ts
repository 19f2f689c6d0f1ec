import { Readable } from 'node:stream';
import { findEventEnd, SseFramer } from './sse-framer';

async function frame(chunks: string[]): Promise<string[]> {
  const events: string[] = [];
  const framer = new SseFramer((event) => {
    events.push(event.toString('utf8'));

    return event;
  });

  for await (const _ of Readable.from(chunks.map((chunk) => Buffer.from(chunk))).pipe(framer)) {
    // drain
  }

  return events;
}

describe(SseFramer.name, () => {
  it('splits events on LF, CRLF and CR blank lines', async () => {
    expect(await frame(['data: a\n\ndata: b\r\n\r\ndata: c\r\rtail'])).toEqual([
      'data: a\n\n',
      'data: b\r\n\r\n',
      'data: c\r\r',
      'tail',
    ]);
  });

  it('waits for a whole event across chunk borders, including a split CRLF', async () => {
    expect(await frame(['event: x\ndata: ', '1\r', '\n', '\r\n', 'data: 2\n', '\n'])).toEqual([
      'event: x\ndata: 1\r\n\r\n',
      'data: 2\n\n',
    ]);
  });

  it('keeps the bytes identical, multi-byte characters included', async () => {
    const text = 'data: {"t":"é✅"}\n\ndata: [DONE]\n\n';
    const bytes = Buffer.from(text);
    const chunks = [bytes.subarray(0, 13), bytes.subarray(13, 15), bytes.subarray(15)];
    const out: Buffer[] = [];

    for await (const piece of Readable.from(chunks).pipe(new SseFramer())) {
      out.push(piece as Buffer);
    }

    expect(Buffer.concat(out).equals(bytes)).toBe(true);
  });

  it('finds no end in an unterminated event', () => {
    expect(findEventEnd(Buffer.from('data: x\n'), 0)).toBe(-1);
    expect(findEventEnd(Buffer.from('data: x\r'), 0)).toBe(-1);
  });
});
