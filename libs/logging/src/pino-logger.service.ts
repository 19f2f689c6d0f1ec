import type { LoggerService, LogLevel } from '@nestjs/common';
import type { Logger } from 'pino';

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Error)
  );
}

/**
 * Routes Nest's `Logger` to pino as JSON lines. Call sites follow one shape:
 * `logger.log({ msg, ...fields }, context?)` or `logger.log('message', context?)`;
 * Nest passes the class name as the last string argument.
 */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  setLogLevels(_levels: LogLevel[]): void {
    // The level comes from HEADROOM_LOG_LEVEL only, so one setting rules every line.
  }

  private write(
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal',
    message: unknown,
    rest: unknown[],
  ): void {
    // Nest calls every level; skip building fields for lines pino would drop.
    if (!this.root.isLevelEnabled(level)) {
      return;
    }

    const context =
      typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const extras = context === undefined ? rest : rest.slice(0, -1);
    const fields: Fields = context ? { context } : {};

    for (const extra of extras) {
      if (extra instanceof Error) {
        fields['err'] = extra;
      } else if (typeof extra === 'string' && level === 'error') {
        // Nest's own error calls pass the stack as a plain string.
        fields['stack'] = extra;
      } else if (isFields(extra)) {
        Object.assign(fields, extra);
      }
    }

    if (message instanceof Error) {
      this.root[level]({ ...fields, err: message }, message.message);
    } else if (isFields(message)) {
      const { msg, ...values } = message;
      this.root[level]({ ...fields, ...values }, typeof msg === 'string' ? msg : '');
    } else {
      this.root[level](fields, String(message));
    }
  }
}
