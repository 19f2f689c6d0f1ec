import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMarkers } from '@headroom/contracts';
import { openAIChatCompletion } from '@headroom/testing';
import { type Harness, startHarness } from '../support/gateway-harness';
import { errorType, send } from '../support/raw-http';

// Who may read what, on every route the gateway serves. The route list is read
// from the controllers themselves, so a new route without a class here fails.

const ADMIN_KEY = 'hr-admin-sec-4d1f';
const KEY_A = 'hr-key-sec-alpha';
const KEY_B = 'hr-key-sec-beta';
const HASH = '0123456789abcdef01234567';

type Access = 'probe' | 'admin' | 'tenant' | 'provider';

// The expected guard of each route, by method and full path.
const ACCESS: Record<string, Access> = {
  'GET /health': 'probe',
  'GET /livez': 'probe',
  'GET /readyz': 'probe',
  'GET /stats': 'admin',
  'GET /metrics': 'admin',
  'GET /dashboard': 'admin',
  'GET /dashboard/data': 'admin',
  'GET /stats-history': 'tenant',
  'POST /v1/compress': 'tenant',
  'POST /v1/retrieve': 'tenant',
  'POST /v1/retrieve/tool_call': 'tenant',
  'GET /v1/retrieve/stats': 'tenant',
  'GET /v1/retrieve/:hash': 'tenant',
  'POST /v1/chat/completions': 'provider',
  'POST /v1/responses': 'provider',
  'POST /v1/messages': 'provider',
  'POST /v1/messages/count_tokens': 'provider',
  'ALL /v1/*': 'provider',
};

/** Every `@Get`/`@Post`/`@All`… route in the gateway's controllers, as `METHOD /path`. */
function declaredRoutes(): string[] {
  const root = join(__dirname, '../../../gateway/src');
  const routes: string[] = [];
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.controller.ts'),
  );

  for (const file of files) {
    const source = readFileSync(join(root, file), 'utf8');
    const prefix = /@Controller\((?:'([^']*)')?\)/.exec(source)?.[1] ?? '';

    for (const match of source.matchAll(/@(Get|Post|Put|Patch|Delete|All)\((?:'([^']*)')?\)/g)) {
      const path = ['', prefix, match[2] ?? ''].filter((part, i) => i === 0 || part).join('/');
      routes.push(`${match[1].toUpperCase()} ${path || '/'}`);
    }
  }

  return routes.sort();
}

function concrete(route: string): { method: string; path: string } {
  const [declared, template] = route.split(' ');
  const path = template.replace(':hash', HASH).replace('*', 'models');

  return { method: declared === 'ALL' ? 'GET' : declared, path };
}

function bodyFor(method: string, path: string): string | undefined {
  if (method !== 'POST') {
    return undefined;
  }

  return path === '/v1/retrieve'
    ? JSON.stringify({ hash: HASH })
    : JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
}

const rows = JSON.stringify(
  Array.from({ length: 250 }, (_, id) => ({ id, host: `db-${id % 7}`, lag_ms: id * 3 })),
);

function chat(toolOutput: string): string {
  return JSON.stringify({
    model: 'gpt-4o',
    messages: [
      { role: 'user', content: 'Which replica lags?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lag', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: toolOutput },
    ],
  });
}

describe('security: access to every route', () => {
  it('classifies every route the controllers declare', () => {
    expect(declaredRoutes()).toEqual(Object.keys(ACCESS).sort());
  });

  describe('with gateway keys, an admin key and loopback trust off', () => {
    let harness: Harness;

    beforeAll(async () => {
      harness = await startHarness({
        env: {
          HEADROOM_API_KEYS: `${KEY_A}:sec-alpha,${KEY_B}:sec-beta`,
          HEADROOM_ADMIN_KEY: ADMIN_KEY,
          HEADROOM_TRUST_LOOPBACK: 'false',
        },
      });
    });

    afterAll(async () => {
      await harness.close();
    });

    beforeEach(() => harness.upstream.reset());

    const routes = Object.entries(ACCESS);

    it.each(routes)('%s (%s) answers a caller with no key as it should', async (route, access) => {
      const { method, path } = concrete(route);
      const answer = await send(harness.url, {
        method,
        path,
        headers: {
          'content-type': 'application/json',
          // Neither of these may stand in for a key or make the caller local.
          'x-forwarded-for': '127.0.0.1',
          'x-headroom-tenant': 'sec-alpha',
        },
        body: bodyFor(method, path),
      });

      if (access === 'probe') {
        expect(answer.status).toBe(200);
        return;
      }

      expect([answer.status, errorType(answer.body)]).toEqual(
        access === 'admin' ? [403, 'permission_error'] : [401, 'authentication_error'],
      );
      expect(harness.upstream.requests).toHaveLength(0);
    });

    it.each(routes.filter(([, access]) => access === 'admin'))(
      '%s refuses a tenant key and answers the admin key',
      async (route) => {
        const { path } = concrete(route);
        const asTenant = await send(harness.url, { path, headers: { 'x-headroom-key': KEY_A } });
        const asAdmin = await send(harness.url, { path, headers: { 'x-headroom-key': ADMIN_KEY } });
        const asBearer = await send(harness.url, {
          path,
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
        });

        expect([asTenant.status, errorType(asTenant.body)]).toEqual([403, 'permission_error']);
        // The refused page carries no dashboard markup or numbers, only the envelope.
        expect(Object.keys(JSON.parse(asTenant.body) as object)).toEqual(['error']);
        expect(asAdmin.status).toBe(200);
        expect(asBearer.status).toBe(200);
      },
    );

    it('keeps each tenant to its own originals, counts and usage history', async () => {
      harness.upstream.enqueue({ kind: 'json', body: openAIChatCompletion({ text: 'db-3' }) });
      const compressed = await send(harness.url, {
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json', 'x-headroom-key': KEY_A },
        body: chat(rows),
      });
      expect(compressed.status).toBe(200);
      const sent = harness.upstream.requests[0].body.toString('utf8').replace(/\\"/g, '"');
      const keyOfA = parseMarkers(sent)[0]?.key;
      expect(keyOfA).toBeDefined();

      // B compresses through Headroom's own API, markers on: its originals stay B's.
      const viaCompress = await send(harness.url, {
        method: 'POST',
        path: '/v1/compress',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY_B}` },
        body: JSON.stringify({
          model: 'gpt-4o',
          messages: JSON.parse(chat(rows.replace(/db-/g, 'cache-'))).messages,
          config: { ccr: true },
        }),
      });
      const keyOfB = (JSON.parse(viaCompress.body) as { ccr_hashes: string[] }).ccr_hashes[0];
      expect(keyOfB).toMatch(/^[0-9a-f]{24}$/);

      const read = (key: string, as: string) =>
        send(harness.url, { path: `/v1/retrieve/${key}`, headers: { 'x-headroom-key': as } });
      expect((await read(keyOfA as string, KEY_A)).status).toBe(200);
      expect((await read(keyOfB, KEY_B)).status).toBe(200);
      expect((await read(keyOfA as string, KEY_B)).status).toBe(404);
      expect((await read(keyOfB, KEY_A)).status).toBe(404);
      const searchedAcross = await send(harness.url, {
        path: `/v1/retrieve/${keyOfB}?query=cache-3`,
        headers: { 'x-headroom-key': KEY_A },
      });
      expect(searchedAcross.status).toBe(404);

      // Counts: each tenant's store statistics hold its own originals only.
      const statsOf = async (key: string) =>
        JSON.parse(
          (
            await send(harness.url, {
              path: '/v1/retrieve/stats',
              headers: { 'x-headroom-key': key },
            })
          ).body,
        ) as { tenant: string; store: { entries: number } };
      const [alpha, beta] = [await statsOf(KEY_A), await statsOf(KEY_B)];
      expect([alpha.tenant, beta.tenant]).toEqual(['sec-alpha', 'sec-beta']);
      expect(JSON.stringify(beta)).not.toContain(keyOfA);
      expect(JSON.stringify(alpha)).not.toContain(keyOfB);

      // Usage: B asking for A's history by name still gets its own.
      const historyAs = async (key: string, tenant: string) =>
        JSON.parse(
          (
            await send(harness.url, {
              path: `/stats-history?tenant=${tenant}`,
              headers: { 'x-headroom-key': key, 'x-headroom-tenant': tenant },
            })
          ).body,
        ) as { tenant: string | null; points: { tenant: string }[] };
      const bAsksForA = await historyAs(KEY_B, 'sec-alpha');
      expect(bAsksForA.tenant).toBe('sec-beta');
      expect(bAsksForA.points.every((point) => point.tenant === 'sec-beta')).toBe(true);
      const aOwn = await historyAs(KEY_A, 'sec-beta');
      expect(aOwn.tenant).toBe('sec-alpha');
      expect(aOwn.points.map((point) => point.tenant)).toContain('sec-alpha');
      const adminPick = await historyAs(ADMIN_KEY, 'sec-alpha');
      expect(adminPick.tenant).toBe('sec-alpha');

      // The same content from B hits the shared compression cache and names the
      // same content key; B must get a copy of its own, never a pointer into A's.
      harness.upstream.enqueue({ kind: 'json', body: openAIChatCompletion({ text: 'db-3' }) });
      await send(harness.url, {
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json', 'x-headroom-key': KEY_B },
        body: chat(rows),
      });
      const sentForB = harness.upstream.lastRequest?.body.toString('utf8').replace(/\\"/g, '"');
      expect(parseMarkers(sentForB ?? '')[0]?.key).toBe(keyOfA);
      const bOwnCopy = await read(keyOfA as string, KEY_B);
      expect(bOwnCopy.status).toBe(200);
      expect(bOwnCopy.body).toContain('db-3');
    });
  });

  describe('without gateway keys, trusting loopback (the defaults)', () => {
    let harness: Harness;

    beforeAll(async () => {
      harness = await startHarness();
    });

    afterAll(async () => {
      await harness.close();
    });

    const local = Object.entries(ACCESS).filter(
      ([route, access]) =>
        access === 'admin' || route === 'GET /stats-history' || route === 'GET /v1/retrieve/stats',
    );

    it.each(local)('%s answers a loopback caller that names this machine', async (route) => {
      for (const host of ['127.0.0.1', 'localhost:8787', '[::1]:8787']) {
        const answer = await send(harness.url, { path: concrete(route).path, headers: { host } });

        expect([host, answer.status]).toEqual([host, 200]);
      }
    });

    // A page on evil.example that rebinds its name to 127.0.0.1 reaches the
    // gateway from loopback, same-origin, with no Origin header on a GET.
    it.each(local)(
      '%s refuses a loopback caller that names another host (DNS rebinding)',
      async (route) => {
        const answer = await send(harness.url, {
          path: concrete(route).path,
          headers: { host: 'evil.example:8787' },
        });

        expect([answer.status, errorType(answer.body)]).toEqual([403, 'permission_error']);
      },
    );
  });
});
