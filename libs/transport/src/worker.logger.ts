import type { LoggerService } from '@nestjs/common';
import { type Logger, pino } from 'pino';

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's `Logger` as JSON lines through pino, for workers in deployed modes.
 * Call sites pass `{ msg, ...fields }`; Nest appends the class name as the
 * last string argument, which becomes `context`.
 */
export class WorkerLogger implements LoggerService {
  private readonly pino: Logger;

  constructor(level: 'error' | 'warn' | 'log' | 'debug', bindings: Record<string, string> = {}) {
    this.pino = pino({
      level: level === 'log' ? 'info' : level,
      base: { ...bindings, pid: process.pid },
    });
  }

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

  private write(level: PinoLevel, message: unknown, rest: unknown[]): void {
    const context =
      typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      const { msg, ...fields } = message as Record<string, unknown>;
      this.pino[level]({ context, ...fields }, typeof msg === 'string' ? msg : '');

      return;
    }
    this.pino[level]({ context }, message instanceof Error ? message.message : String(message));
  }
}
