import { Writable } from 'node:stream';
import { pino } from 'pino';
import { PinoLoggerService } from './pino-logger.service';

function capture(level = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      callback();
    },
  });

  return { lines, logger: new PinoLoggerService(pino({ level }, destination)) };
}

describe(PinoLoggerService.name, () => {
  it('writes a message and its fields as one JSON line, with the Nest context', () => {
    const { lines, logger } = capture();

    logger.log({ msg: 'request done', requestId: 'r1', durationMs: 12 }, 'ProxyService');

    expect(lines[0]).toMatchObject({
      msg: 'request done',
      requestId: 'r1',
      durationMs: 12,
      context: 'ProxyService',
    });
  });

  it('skips lines below the configured level', () => {
    const { lines, logger } = capture('warn');

    logger.debug({ msg: 'noise' });
    logger.warn('degraded', 'Pipeline');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'degraded', context: 'Pipeline' });
  });
});
