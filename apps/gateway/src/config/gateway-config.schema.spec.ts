import { GatewayConfigError, loadGatewayConfig } from './gateway-config.schema';

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

  it('accepts an OpenAI-compatible URL with a path prefix', () => {
    const config = loadGatewayConfig({ HEADROOM_OPENAI_URL: 'http://127.0.0.1:8000/openai' });

    expect(config.openaiUrl).toBe('http://127.0.0.1:8000/openai');
  });
});
