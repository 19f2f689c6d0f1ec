import {
  hasDotSegments,
  joinUpstreamPath,
  parseUpstreamBase,
  providerForRequest,
} from './upstream-target';

describe('providerForRequest', () => {
  it.each([
    ['/v1/messages', {}, 'anthropic'],
    ['/v1/messages/count_tokens', {}, 'anthropic'],
    ['/v1/messages/batches/abc?x=1', {}, 'anthropic'],
    ['/v1/models', { 'anthropic-version': '2023-06-01' }, 'anthropic'],
    ['/v1/models', { 'x-api-key': 'sk-ant' }, 'anthropic'],
    ['/v1/models', { authorization: 'Bearer sk' }, 'openai'],
    ['/v1/messagesfoo', {}, 'openai'],
    ['/v1/files', {}, 'openai'],
  ])('%s %j → %s', (path, headers, provider) => {
    expect(providerForRequest(path, headers)).toBe(provider);
  });
});

describe('joinUpstreamPath', () => {
  it.each([
    ['https://api.openai.com', '/v1/chat/completions', '/v1/chat/completions'],
    ['https://api.openai.com/', '/v1/models?limit=2', '/v1/models?limit=2'],
    ['http://127.0.0.1:8000/v1', '/v1/chat/completions', '/v1/chat/completions'],
    ['http://127.0.0.1:8000/v1/', '/v1?x', '/v1?x'],
    [
      'https://x.openai.azure.com/openai',
      '/v1/responses?api-version=preview',
      '/openai/v1/responses?api-version=preview',
    ],
    ['http://gw.local/proxy/openai', '/v1/models', '/proxy/openai/v1/models'],
  ])('%s + %s → %s', (base, path, joined) => {
    expect(joinUpstreamPath(parseUpstreamBase(base), path)).toBe(joined);
  });
});

describe('hasDotSegments', () => {
  it.each([
    ['/v1/../../admin/keys', true],
    ['/v1/%2e%2e/admin', true],
    ['/v1/%2E./admin', true],
    ['/v1/./models', true],
    ['/v1/models?next=../x', false],
    ['/v1/files/a..b', false],
    ['/v1/models', false],
  ])('%s → %s', (path, expected) => {
    expect(hasDotSegments(path)).toBe(expected);
  });

  it('refuses to join a path that would leave the configured prefix', () => {
    expect(() =>
      joinUpstreamPath(parseUpstreamBase('http://127.0.0.1:1/tenant/openai'), '/v1/../../admin'),
    ).toThrow(/segments/);
  });
});
