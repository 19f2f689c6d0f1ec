import pino, { type Logger, type LoggerOptions } from 'pino';

// Defence in depth: no code path logs headers or bodies, but if a fields object
// ever carries one of these names, pino blanks it.
const REDACTED_PATHS = [
  '*.authorization',
  '*.headers',
  '*.body',
  '*["x-api-key"]',
  '*["x-headroom-key"]',
  'authorization',
  'headers',
  'body',
];

export function createRootLogger(
  level: LoggerOptions['level'],
  destination?: pino.DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'headroom-gateway' },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };

  return destination ? pino(options, destination) : pino(options);
}
