import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { connect } from 'node:net';

export type Answer = { status: number; headers: IncomingHttpHeaders; body: string };

export type Outgoing = {
  method?: string;
  path: string;
  /** Sent as given, `host` included (fetch would refuse to set it). */
  headers?: Record<string, string>;
  body?: string | Buffer;
};

/** One request over node:http, so every header an attacker controls can be set. */
export function send(url: string, outgoing: Outgoing): Promise<Answer> {
  const { hostname, port } = new URL(url);

  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: hostname,
        port: Number(port),
        method: outgoing.method ?? 'GET',
        path: outgoing.path,
        headers: outgoing.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(outgoing.body);
  });
}

/**
 * Writes raw bytes and reads until the gateway closes the socket; a reset
 * closes it too, and what arrived before it is the answer.
 */
export function rawExchange(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);

  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    const answer = () => resolve(Buffer.concat(chunks).toString('utf8'));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', answer);
    socket.on('close', answer);
  });
}

/** The error envelope's `type`, or undefined when the body is not one. */
export function errorType(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { type?: unknown; request_id?: unknown } };

    return typeof parsed.error?.type === 'string' && typeof parsed.error.request_id === 'string'
      ? parsed.error.type
      : undefined;
  } catch {
    return undefined;
  }
}
