import { request } from 'node:http';
import { type Harness, startHarness } from './support/gateway-harness';

/** A raw request, so the client library cannot normalise the path first. */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);

  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path, method: 'GET' }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('dot segments in request paths', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it.each(['/v1/../../admin/keys', '/v1/%2e%2e/%2E%2E/admin', '/v1/messages/../../../admin'])(
    'refuses %s before anything reaches the upstream',
    async (path) => {
      harness.upstream.reset();

      const response = await rawGet(harness.url, path);

      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ error: { type: 'invalid_request_error' } });
      expect(harness.upstream.requests).toHaveLength(0);
    },
  );
});
