/** Request headers Headroom reads. None of them is ever forwarded upstream. */
export const HEADROOM_HEADER_PREFIX = 'x-headroom-';

export const HEADERS = {
  mode: 'x-headroom-mode',
  bypass: 'x-headroom-bypass',
  sessionId: 'x-headroom-session-id',
  key: 'x-headroom-key',
  requestId: 'x-request-id',
} as const;

/** `passthrough`: forward untouched; `lossless`: no markers; `default`: full pipeline. */
export const REQUEST_MODES = ['default', 'lossless', 'passthrough'] as const;

export type RequestMode = (typeof REQUEST_MODES)[number];

export const DEFAULT_TENANT = 'default';
