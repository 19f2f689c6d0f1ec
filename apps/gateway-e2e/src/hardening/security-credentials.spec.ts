import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseMarkers } from '@headroom/contracts';
import { openAIChatCompletion } from '@headroom/testing';
import { Client } from 'pg';
import { type Harness, startHarness } from '../support/gateway-harness';
import { send } from '../support/raw-http';

// credential-hygiene.spec.ts covers the SDKs' happy paths. This one walks the
// places a credential is more likely to slip out: query strings, the other
// providers' header names, error paths that echo a key, refused keys. After
// the run, at trace level, neither the logs nor the database (SQLite and
// PostgreSQL) may hold one.

const canary = (name: string) => `${name}-canary-${randomBytes(4).toString('hex')}`;
const SECRETS = {
  bearer: canary('sk-bearer'),
  xApiKey: canary('sk-ant-x'),
  azureKey: canary('azure-api'),
  googleKey: canary('goog-api'),
  queryKey: canary('query-key'),
  gatewayKey: canary('hr-gateway'),
  wrongGatewayKey: canary('hr-wrong'),
  wrongAdminKey: canary('hr-admin-wrong'),
  adminKey: canary('hr-admin'),
  inControlHeader: canary('hr-control'),
};

const rows = JSON.stringify(
  Array.from({ length: 240 }, (_, id) => ({ id, queue: `q-${id % 5}`, depth: id * 11 })),
);
const CHAT = JSON.stringify({
  model: 'gpt-4o',
  messages: [
    { role: 'user', content: 'Which queue is deepest?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'queues', arguments: '{}' } }],
    },
    { role: 'tool', tool_call_id: 'c1', content: rows },
  ],
});

/** Every request of the run; returns the CCR key the compressed one stored. */
async function fullRun(harness: Harness): Promise<string> {
  const url = harness.url;
  const json = { 'content-type': 'application/json', 'x-headroom-key': SECRETS.gatewayKey };

  harness.upstream.enqueue({ kind: 'json', body: openAIChatCompletion({ text: 'q-4' }) });
  const compressed = await send(url, {
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { ...json, authorization: `Bearer ${SECRETS.bearer}` },
    body: CHAT,
  });
  expect(compressed.status).toBe(200);
  const sent = harness.upstream.lastRequest?.body.toString('utf8').replace(/\\"/g, '"') ?? '';
  const key = parseMarkers(sent)[0]?.key;
  expect(key).toBeDefined();

  // An upstream that refuses the key and quotes it back, and one that fails.
  for (const status of [401, 500]) {
    const echo = JSON.stringify({ error: { message: `Incorrect API key: ${SECRETS.bearer}` } });
    harness.upstream.enqueue({ kind: 'json', status, body: echo });
    const answer = await send(url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { ...json, authorization: `Bearer ${SECRETS.bearer}` },
      body: CHAT,
    });
    // Relayed as is: the client's own key goes back only to the client.
    expect([answer.status, answer.body]).toEqual([status, echo]);
  }

  // Other providers' header names and keys in the query string, on passthrough.
  const providerKeyHeaders: Record<string, string>[] = [
    { 'x-api-key': SECRETS.xApiKey, 'anthropic-version': '2023-06-01' },
    { 'api-key': SECRETS.azureKey },
    { 'x-goog-api-key': SECRETS.googleKey },
  ];
  for (const headers of providerKeyHeaders) {
    expect((await send(url, { path: '/v1/models', headers: { ...json, ...headers } })).status).toBe(
      200,
    );
  }
  harness.upstream.enqueue({ kind: 'json', status: 404, body: { error: 'no such model' } });
  for (const path of [
    `/v1/models?key=${SECRETS.queryKey}`,
    `/v1/models/x?api-key=${SECRETS.queryKey}&api_key=${SECRETS.queryKey}`,
  ]) {
    await send(url, { path, headers: json });
  }
  expect(harness.upstream.requests.some((r) => r.path.includes(SECRETS.queryKey))).toBe(true);

  // Refused and invalid requests.
  const refused = [
    await send(url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json', 'x-headroom-key': SECRETS.wrongGatewayKey },
      body: CHAT,
    }),
    await send(url, {
      path: `/v1/retrieve/${key}`,
      headers: { authorization: `Bearer ${SECRETS.wrongGatewayKey}` },
    }),
    await send(url, { path: '/stats', headers: { 'x-headroom-key': SECRETS.wrongAdminKey } }),
    await send(url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { ...json, 'x-headroom-mode': SECRETS.inControlHeader },
      body: CHAT,
    }),
    await send(url, {
      method: 'POST',
      path: '/v1/compress',
      headers: { ...json, authorization: `Bearer ${SECRETS.bearer}` },
      body: JSON.stringify({ model: 'gpt-4o', messages: 'not a list', token: SECRETS.bearer }),
    }),
    await send(url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { ...json, authorization: `Bearer ${SECRETS.bearer}` },
      body: `{"model":"gpt-4o","api_key":"${SECRETS.bearer}",`,
    }),
  ];
  expect(refused.map((answer) => answer.status)).toEqual([401, 401, 403, 400, 400, 400]);

  // The accepted ones of Headroom's own API, with the gateway key as a bearer.
  const bearerGateway = { authorization: `Bearer ${SECRETS.gatewayKey}` };
  expect((await send(url, { path: `/v1/retrieve/${key}`, headers: bearerGateway })).status).toBe(
    200,
  );
  const viaCompress = await send(url, {
    method: 'POST',
    path: '/v1/compress',
    headers: { 'content-type': 'application/json', ...bearerGateway },
    body: JSON.stringify({
      model: 'gpt-4o',
      messages: (JSON.parse(CHAT) as { messages: unknown[] }).messages,
      config: { ccr: true },
    }),
  });
  expect(viaCompress.status).toBe(200);
  expect(
    (await send(url, { path: '/stats-history', headers: { 'x-headroom-key': SECRETS.adminKey } }))
      .status,
  ).toBe(200);

  return key as string;
}

function expectNoSecret(text: string, where: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    expect([where, name, text.includes(secret)]).toEqual([where, name, false]);
  }
}

function startWithKeys(): Promise<Harness> {
  return startHarness({
    env: {
      HEADROOM_API_KEYS: `${SECRETS.gatewayKey}:sec-creds`,
      HEADROOM_ADMIN_KEY: SECRETS.adminKey,
      HEADROOM_TRUST_LOOPBACK: 'false',
      HEADROOM_LOG_LEVEL: 'trace',
    },
  });
}

describe('security: credentials never in logs or the database', () => {
  it('with SQLite, after a full run including error paths', async () => {
    const harness = await startWithKeys();
    let key: string;
    try {
      key = await fullRun(harness);
    } finally {
      // Closing flushes the usage writer and the SQLite WAL.
      await harness.close();
    }

    const directory = dirname((process.env['HEADROOM_DATABASE_URL'] ?? '').replace(/^file:/, ''));
    const database = readdirSync(directory)
      .map((name) => readFileSync(`${directory}/${name}`).toString('latin1'))
      .join('\n');
    const logs = harness.logs.join('\n');

    // The right places were read: the original is stored and requests were logged.
    expect(database).toContain(key);
    expect(logs).toMatch(/provider request done/);
    expectNoSecret(logs, 'logs');
    expectNoSecret(database, 'sqlite');
  });

  describe('with PostgreSQL', () => {
    const postgresUrl =
      process.env['HEADROOM_TEST_POSTGRES_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';
    const schema = `sec_creds_${process.pid}_${randomBytes(2).toString('hex')}`;
    const sqliteUrl = process.env['HEADROOM_DATABASE_URL'];

    beforeAll(() => {
      process.env['HEADROOM_DATABASE_URL'] =
        `${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}schema=${schema}`;
    });

    afterAll(async () => {
      process.env['HEADROOM_DATABASE_URL'] = sqliteUrl;
      const client = new Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    });

    it('after the same run, no table row holds a credential', async () => {
      const harness = await startWithKeys();
      let key: string;
      try {
        key = await fullRun(harness);
      } finally {
        await harness.close();
      }

      const client = new Client({ connectionString: postgresUrl });
      await client.connect();
      const tables = await client.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
        [schema],
      );
      const dumps: string[] = [];
      for (const { table_name: table } of tables.rows) {
        const rowsOf = await client.query<{ row: string }>(
          `SELECT t::text AS row FROM "${schema}"."${table}" t`,
        );
        dumps.push(...rowsOf.rows.map((row) => row.row));
      }
      await client.end();
      const database = dumps.join('\n');

      expect(tables.rows.length).toBeGreaterThan(1);
      expect(database).toContain(key);
      expectNoSecret(harness.logs.join('\n'), 'logs');
      expectNoSecret(database, 'postgresql');
    });
  });
});
