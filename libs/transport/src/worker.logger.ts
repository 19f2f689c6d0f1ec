import { PinoLoggerService } from '@headroom/logging';
import { pino } from 'pino';

/**
 * Nest's `Logger` as JSON lines through pino, for workers in deployed modes:
 * the gateway's logger with the worker's level and bindings.
 */
export class WorkerLogger extends PinoLoggerService {
  constructor(level: 'error' | 'warn' | 'log' | 'debug', bindings: Record<string, string> = {}) {
    super(
      pino({ level: level === 'log' ? 'info' : level, base: { ...bindings, pid: process.pid } }),
    );
  }
}
