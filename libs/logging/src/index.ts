export * from './pino-logger.service';
