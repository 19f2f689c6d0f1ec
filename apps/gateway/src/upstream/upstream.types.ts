import type { Readable } from 'node:stream';
import type { Provider } from '@headroom/providers';

export type UpstreamRequest = {
  provider: Provider;
  method: string;
  /** The client's path and query; the configured prefix is added by the client. */
  path: string;
  headers: Record<string, string | string[]>;
  body: Buffer | undefined;
  signal: AbortSignal;
  requestId: string;
};

/** An upstream answer whose body has not been read yet. */
export type UpstreamResponse = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
  /** True while `body` is the upstream's own bytes (so its content-length still holds). */
  isOriginalBody: boolean;
};
