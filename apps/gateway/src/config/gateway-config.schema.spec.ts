import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayConfigError, loadGatewayConfig } from './gateway-config.schema';

function problemsOf(environment: NodeJS.ProcessEnv): string[] {
  try {
    loadGatewayConfig(environment);
  } catch (error) {
    if (error instanceof GatewayConfigError) return error.problems;
    throw error;
  }

  return [];
}

describe('loadGatewayConfig', () => {
  it('fills every default from an empty environment', () => {
    const config = loadGatewayConfig({});

    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      openaiUrl: 'https://api.openai.com',
      anthropicUrl: 'https://api.anthropic.com',
      maxBodyBytes: 32 * 1024 * 1024,
      logLevel: 'info',
      compressionTimeoutMs: 2000,
      adminKey: undefined,
    });
    expect(config.apiKeys.size).toBe(0);
  });

  it('parses gateway keys into a key → tenant map', () => {
    const config = loadGatewayConfig({ HEADROOM_API_KEYS: 'k1:team-a, k2:team_b,' });

    expect([...config.apiKeys]).toEqual([
      ['k1', 'team-a'],
      ['k2', 'team_b'],
    ]);
  });

  it('lists every problem at once and never echoes a key', () => {
    let error: unknown;

    try {
      loadGatewayConfig({
        HEADROOM_PORT: 'eighty',
        HEADROOM_OPENAI_URL: 'ftp://example.test',
        HEADROOM_LOG_LEVEL: 'loud',
        HEADROOM_API_KEYS: 'sk-secret-without-tenant',
      });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(GatewayConfigError);
    const problems = (error as GatewayConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/HEADROOM_PORT/);
    expect(problems.join('\n')).toMatch(/HEADROOM_OPENAI_URL/);
    expect(problems.join('\n')).toMatch(/HEADROOM_LOG_LEVEL/);
    expect(problems.join('\n')).not.toContain('sk-secret');
  });

  it("lists the CCR store's problems in the same list", () => {
    let error: unknown;

    try {
      loadGatewayConfig({
        HEADROOM_PORT: 'eighty',
        HEADROOM_CCR_TTL: 'forever',
        HEADROOM_CCR_PURGE_INTERVAL: 'sometimes',
      });
    } catch (caught) {
      error = caught;
    }

    const problems = (error as GatewayConfigError).problems.join('\n');
    expect(problems).toMatch(/HEADROOM_PORT/);
    expect(problems).toMatch(/HEADROOM_CCR_TTL/);
    expect(problems).toMatch(/HEADROOM_CCR_PURGE_INTERVAL/);
  });

  it('keeps CORS closed by default and takes exact origins only', () => {
    expect(loadGatewayConfig({}).corsOrigins.size).toBe(0);
    expect([
      ...loadGatewayConfig({
        HEADROOM_CORS_ORIGINS: 'https://app.example.com, http://localhost:3000',
      }).corsOrigins,
    ]).toEqual(['https://app.example.com', 'http://localhost:3000']);

    for (const bad of ['*', 'https://*.example.com', 'https://a.example/path', 'app.example']) {
      expect(() => loadGatewayConfig({ HEADROOM_CORS_ORIGINS: bad })).toThrow(
        /HEADROOM_CORS_ORIGINS/,
      );
    }
  });

  it('defaults to trusting loopback, with bounded header and request times', () => {
    expect(loadGatewayConfig({})).toMatchObject({
      trustLoopback: true,
      headersTimeoutMs: 30_000,
      requestTimeoutMs: 300_000,
    });
    expect(loadGatewayConfig({ HEADROOM_TRUST_LOOPBACK: 'false' }).trustLoopback).toBe(false);
  });

  it('caps requests in flight at 512 unless told otherwise, and never at zero', () => {
    expect(loadGatewayConfig({}).maxInFlight).toBe(512);
    expect(loadGatewayConfig({ HEADROOM_MAX_IN_FLIGHT: '64' }).maxInFlight).toBe(64);
    expect(() => loadGatewayConfig({ HEADROOM_MAX_IN_FLIGHT: '0' })).toThrow(
      /HEADROOM_MAX_IN_FLIGHT/,
    );
  });

  it('gives the default tenant the whole gateway when no gateway keys are configured', () => {
    expect(loadGatewayConfig({}).maxInFlightPerTenant).toBe(512);
    expect(loadGatewayConfig({ HEADROOM_MAX_IN_FLIGHT: '64' }).maxInFlightPerTenant).toBe(64);
  });

  it('gives each tenant half the gateway by default when gateway keys are configured', () => {
    const keys = { HEADROOM_API_KEYS: 'k1:alpha,k2:beta' };

    expect(loadGatewayConfig(keys).maxInFlightPerTenant).toBe(256);
    expect(loadGatewayConfig({ ...keys, HEADROOM_MAX_IN_FLIGHT: '5' }).maxInFlightPerTenant).toBe(
      3,
    );
    expect(loadGatewayConfig({ ...keys, HEADROOM_MAX_IN_FLIGHT: '1' }).maxInFlightPerTenant).toBe(
      1,
    );
  });

  it('takes an explicit tenant share, with or without keys', () => {
    const share = { HEADROOM_MAX_IN_FLIGHT_PER_TENANT: '40' };

    expect(loadGatewayConfig(share).maxInFlightPerTenant).toBe(40);
    expect(
      loadGatewayConfig({ ...share, HEADROOM_API_KEYS: 'k1:alpha' }).maxInFlightPerTenant,
    ).toBe(40);
    expect(loadGatewayConfig({ ...share, HEADROOM_MAX_IN_FLIGHT: '40' }).maxInFlightPerTenant).toBe(
      40,
    );
  });

  it.each(['0', '-3', '2.5', 'lots', ''])('refuses a tenant share of "%s"', (value) => {
    expect(() => loadGatewayConfig({ HEADROOM_MAX_IN_FLIGHT_PER_TENANT: value })).toThrow(
      /HEADROOM_MAX_IN_FLIGHT_PER_TENANT/,
    );
  });

  it('refuses a tenant share larger than the whole, listed with the other problems', () => {
    let error: unknown;

    try {
      loadGatewayConfig({
        HEADROOM_PORT: 'eighty',
        HEADROOM_MAX_IN_FLIGHT: '8',
        HEADROOM_MAX_IN_FLIGHT_PER_TENANT: '9',
      });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(GatewayConfigError);
    const problems = (error as GatewayConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/HEADROOM_PORT/);
    expect(problems.join('\n')).toMatch(
      /HEADROOM_MAX_IN_FLIGHT_PER_TENANT: 9 is more than HEADROOM_MAX_IN_FLIGHT \(8\)/,
    );
  });

  it('lists an upstream URL without a scheme as a problem instead of throwing', () => {
    let error: unknown;

    try {
      loadGatewayConfig({
        HEADROOM_OPENAI_URL: 'api.openai.com',
        HEADROOM_ANTHROPIC_URL: 'not a url',
        HEADROOM_LOG_LEVEL: 'loud',
      });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(GatewayConfigError);
    const problems = (error as GatewayConfigError).problems.join('\n');
    expect(problems).toMatch(/HEADROOM_OPENAI_URL/);
    expect(problems).toMatch(/HEADROOM_ANTHROPIC_URL/);
    expect(problems).toMatch(/HEADROOM_LOG_LEVEL/);
  });

  it('names each malformed gateway key entry by its own position', () => {
    const problems = problemsOf({ HEADROOM_API_KEYS: 'k1:t1,bad-one,k3:t3,bad-two,k5:t 5' });

    expect(problems).toEqual([
      expect.stringMatching(/^HEADROOM_API_KEYS: entry 2 /),
      expect.stringMatching(/^HEADROOM_API_KEYS: entry 4 /),
      expect.stringMatching(/^HEADROOM_API_KEYS: entry 5 /),
    ]);
  });

  it('refuses a gateway key mapped twice, without echoing it', () => {
    const problems = problemsOf({ HEADROOM_API_KEYS: 'k1:alpha,k2:beta,k1:beta' });

    expect(problems).toEqual([
      expect.stringMatching(/^HEADROOM_API_KEYS: entry 3 repeats the key of entry 1/),
    ]);
    expect(problems.join('\n')).not.toContain('k1');
  });

  it('refuses an admin key that is also a gateway key, listed with the other problems', () => {
    const problems = problemsOf({
      HEADROOM_API_KEYS: 'k1:alpha,shared-secret:beta',
      HEADROOM_ADMIN_KEY: ' shared-secret ',
      HEADROOM_LOG_LEVEL: 'loud',
    });

    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/HEADROOM_ADMIN_KEY: is also a gateway key/);
    expect(problems.join('\n')).not.toContain('shared-secret');
  });

  it.each(['', ' ', '0x4000', '1e4', '8787.0', '+8787', '-1', '80 80'])(
    'refuses HEADROOM_PORT=%j instead of binding a port nobody asked for',
    (port) => {
      expect(problemsOf({ HEADROOM_PORT: port })).toEqual([
        expect.stringMatching(/^HEADROOM_PORT: /),
      ]);
    },
  );

  it('reads every integer variable in decimal digits only', () => {
    const names = [
      'HEADROOM_COMPRESSION_TIMEOUT_MS',
      'HEADROOM_UPSTREAM_CONNECT_TIMEOUT_MS',
      'HEADROOM_UPSTREAM_HEADERS_TIMEOUT_MS',
      'HEADROOM_UPSTREAM_BODY_TIMEOUT_MS',
      'HEADROOM_UPSTREAM_CONNECTIONS',
      'HEADROOM_SHUTDOWN_GRACE_MS',
      'HEADROOM_HEADERS_TIMEOUT_MS',
      'HEADROOM_REQUEST_TIMEOUT_MS',
      'HEADROOM_MAX_IN_FLIGHT',
      'HEADROOM_MAX_IN_FLIGHT_PER_TENANT',
      'HEADROOM_COMPRESSOR_THREADS',
    ];

    const problems = problemsOf(Object.fromEntries(names.map((name) => [name, '0x10'])));

    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([...names].sort());
    expect(problemsOf({ HEADROOM_MAX_BODY_MB: '1e1' })).toHaveLength(1);
    expect(
      loadGatewayConfig({ HEADROOM_PORT: ' 9000 ', HEADROOM_MAX_BODY_MB: '0.5' }),
    ).toMatchObject({ port: 9000, maxBodyBytes: 512 * 1024 });
  });

  it('accepts an OpenAI-compatible URL with a path prefix', () => {
    const config = loadGatewayConfig({ HEADROOM_OPENAI_URL: 'http://127.0.0.1:8000/openai' });

    expect(config.openaiUrl).toBe('http://127.0.0.1:8000/openai');
  });
});

describe('HEADROOM_CONFIG', () => {
  const write = (name: string, text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'headroom-config-')), name);
    writeFileSync(path, text);
    return path;
  };

  it('loads the policy file at boot', () => {
    const path = write('policy.yaml', 'tools:\n  - match: "secrets_*"\n    neverTouch: true\n');

    const config = loadGatewayConfig({ HEADROOM_CONFIG: path });

    expect(config.policy.forTool('default', 'secrets_db').neverTouch).toBe(true);
  });

  it('lists every problem of the policy file with the variable name', () => {
    const path = write(
      'policy.json',
      JSON.stringify({ defaults: { minChars: -5 }, kinds: { nope: {} } }),
    );

    expect(() => loadGatewayConfig({ HEADROOM_CONFIG: path })).toThrow(
      /HEADROOM_CONFIG defaults\.minChars[\s\S]*HEADROOM_CONFIG kinds/,
    );
  });

  it("lists the policy file's problems together with other variables' problems", () => {
    const path = write('policy.json', JSON.stringify({ defaults: { minChars: -5 } }));

    const problems = problemsOf({ HEADROOM_CONFIG: path, HEADROOM_PORT: 'eighty' });

    expect(problems).toEqual([
      expect.stringMatching(/^HEADROOM_PORT: /),
      expect.stringMatching(/^HEADROOM_CONFIG defaults\.minChars/),
    ]);
  });

  it('names a missing policy file instead of starting without it', () => {
    expect(() => loadGatewayConfig({ HEADROOM_CONFIG: '/nonexistent/policy.yaml' })).toThrow(
      GatewayConfigError,
    );
  });
});
