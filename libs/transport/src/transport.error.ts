import { type ErrorCode, HeadroomError, type TransportErrorCode } from '@headroom/contracts';

/**
 * Why a transport call did not produce an answer. The pipeline treats every
 * one of these as a failed compression and goes through uncompressed; the CCR
 * client's callers see `storage_unavailable`.
 */
export class TransportError extends HeadroomError {
  constructor(
    readonly reason: TransportErrorCode,
    message: string,
    readonly pattern?: string,
  ) {
    super(headroomCode(reason, pattern), message, { reason, pattern });
    this.name = 'TransportError';
  }
}

function headroomCode(reason: TransportErrorCode, pattern: string | undefined): ErrorCode {
  if (pattern?.startsWith('ccr.')) return 'storage_unavailable';
  if (reason === 'timeout') return 'compression_timeout';
  if (reason === 'bad_request') return 'invalid_request_error';

  return 'internal_error';
}
