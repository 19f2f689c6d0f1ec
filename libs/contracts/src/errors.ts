/**
 * The closed set of error codes. One gateway filter maps each to a status and
 * the envelope `{ "error": { "type", "message" } }`.
 */
export const ERROR_STATUS = {
  invalid_request_error: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  expired_error: 410,
  request_too_large: 413,
  headers_too_large: 431,
  rate_limit_error: 429,
  upstream_error: 502,
  upstream_timeout: 504,
  storage_unavailable: 503,
  overloaded: 503,
  compression_timeout: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorEnvelope = {
  error: { type: ErrorCode; message: string; request_id?: string };
};

export class HeadroomError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HeadroomError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function errorEnvelope(code: ErrorCode, message: string, requestId?: string): ErrorEnvelope {
  return { error: { type: code, message, ...(requestId ? { request_id: requestId } : {}) } };
}
