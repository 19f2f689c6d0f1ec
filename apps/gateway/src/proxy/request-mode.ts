import type { IncomingHttpHeaders } from 'node:http';
import { HEADERS, HeadroomError, REQUEST_MODES, type RequestMode } from '@headroom/contracts';

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];

  if (Array.isArray(value)) {
    throw new HeadroomError('invalid_request_error', `${name} was sent more than once`);
  }

  return value?.trim().toLowerCase();
}

/**
 * The mode a request asks for. `x-headroom-bypass: true` wins and means
 * passthrough; an unknown value of either header is a 400, not a silent default,
 * so a typo never compresses a request its sender wanted untouched.
 */
export function resolveRequestMode(headers: IncomingHttpHeaders): RequestMode {
  const bypass = single(headers, HEADERS.bypass);
  const mode = single(headers, HEADERS.mode);

  if (bypass !== undefined && !['true', 'false', '1', '0'].includes(bypass)) {
    throw new HeadroomError('invalid_request_error', `${HEADERS.bypass} must be true or false`);
  }

  if (mode !== undefined && !(REQUEST_MODES as readonly string[]).includes(mode)) {
    throw new HeadroomError(
      'invalid_request_error',
      `${HEADERS.mode} must be one of ${REQUEST_MODES.join(', ')}`,
    );
  }

  if (bypass === 'true' || bypass === '1') {
    return 'passthrough';
  }

  return (mode as RequestMode | undefined) ?? 'default';
}

const SESSION_ID = /^[\w.:-]{1,200}$/;

export function resolveSessionId(headers: IncomingHttpHeaders): string | undefined {
  const value = headers[HEADERS.sessionId];

  if (value === undefined) {
    return undefined;
  }

  if (typeof value !== 'string' || !SESSION_ID.test(value)) {
    throw new HeadroomError(
      'invalid_request_error',
      `${HEADERS.sessionId} must be 1-200 characters of letters, digits, _ . : -`,
    );
  }

  return value;
}
