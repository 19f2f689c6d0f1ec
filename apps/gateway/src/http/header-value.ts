import type { IncomingHttpHeaders } from 'node:http';

/** The single value of a request header; a repeated header counts as ambiguous and is undefined. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];

  return typeof value === 'string' ? value : undefined;
}
