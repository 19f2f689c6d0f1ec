import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import {
  ERROR_STATUS,
  type ErrorCode,
  errorEnvelope,
  HEADERS,
  HeadroomError,
} from '@headroom/contracts';
import { StorageUnavailableError } from '@headroom/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  410: 'expired_error',
  413: 'request_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limit_error',
  431: 'headers_too_large',
  502: 'upstream_error',
  503: 'storage_unavailable',
  504: 'upstream_timeout',
};

// undici's socket and body errors, which surface here when an upstream body
// fails before the relay wrote anything.
function isUpstreamStreamError(exception: unknown): boolean {
  const code = (exception as { code?: unknown } | null)?.code;

  return typeof code === 'string' && (code.startsWith('UND_ERR_') || code === 'ECONNRESET');
}

type Mapped = { status: number; code: ErrorCode; message: string };

/**
 * The gateway's one error boundary: every failure leaves as
 * `{"error":{"type","message","request_id"}}`. Client mistakes are 4xx with a
 * useful message; anything unexpected is logged once with its stack and shown
 * only as a generic 500.
 */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorEnvelopeFilter.name);

  constructor(private readonly maxBodyBytes: number) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = this.map(exception, request);

    if (reply.sent || reply.raw.headersSent) {
      // Mid-stream: the status is gone, cutting the connection is the only honest signal.
      reply.raw.destroy();

      return;
    }

    if (mapped.code === 'storage_unavailable') {
      void reply.header('retry-after', '1');
    }

    void reply
      .code(mapped.status)
      .header(HEADERS.requestId, request.id)
      .header('content-type', 'application/json; charset=utf-8')
      .send(errorEnvelope(mapped.code, mapped.message, request.id));
  }

  private map(exception: unknown, request: FastifyRequest): Mapped {
    if (exception instanceof HeadroomError) {
      return {
        status: ERROR_STATUS[exception.code],
        code: exception.code,
        message: exception.message,
      };
    }

    if (exception instanceof StorageUnavailableError) {
      // Degraded, not broken: the database is locked, full, read-only or out
      // of reach, and a later try can succeed. The fault names no location.
      this.logger.warn({
        msg: 'storage unavailable',
        requestId: request.id,
        route: request.routeOptions.url ?? 'unmatched',
        fault: exception.fault,
      });

      return {
        status: 503,
        code: 'storage_unavailable',
        message: `the CCR store is unavailable (${exception.fault}); retry shortly`,
      };
    }

    if (isUpstreamStreamError(exception)) {
      // The upstream body failed before the first byte reached the client, so
      // a status can still tell the truth: the upstream broke, retry may help.
      return {
        status: 502,
        code: 'upstream_error',
        message: 'the upstream connection failed mid-response',
      };
    }

    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? 'invalid_request_error';

      return { status, code, message: this.clientMessage(code, exception, request) };
    }

    this.logger.error({
      msg: 'unhandled error',
      requestId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      err: exception instanceof Error ? exception : new Error(String(exception)),
    });

    return { status: 500, code: 'internal_error', message: 'internal error' };
  }

  private clientMessage(
    code: ErrorCode,
    exception: HttpException,
    request: FastifyRequest,
  ): string {
    switch (code) {
      case 'request_too_large':
        return `request body exceeds the gateway limit of ${Math.round(this.maxBodyBytes / 1024 / 1024)} MB (HEADROOM_MAX_BODY_MB)`;
      case 'not_found_error':
        return `no route for ${request.method} ${request.url.split('?')[0]}`;
      default:
        return exception.message;
    }
  }
}
