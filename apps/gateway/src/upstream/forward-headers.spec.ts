import { clientResponseHeaders, upstreamRequestHeaders } from './forward-headers';

describe('upstreamRequestHeaders', () => {
  it('forwards credentials and provider headers exactly, drops ours and hop-by-hop ones', () => {
    const forwarded = upstreamRequestHeaders({
      host: '127.0.0.1:8787',
      connection: 'keep-alive, x-trace',
      'x-trace': 'hop',
      'keep-alive': 'timeout=5',
      'content-length': '99',
      'transfer-encoding': 'chunked',
      expect: '100-continue',
      authorization: 'Bearer sk-ant-oat-demo',
      'x-api-key': 'sk-ant-demo',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'oauth-2025-04-20,interleaved-thinking-2025-05-14',
      'openai-organization': 'org-1',
      'chatgpt-account-id': 'acct_demo42',
      'x-stainless-os': 'Linux',
      'x-headroom-bypass': 'true',
      'x-headroom-key': 'gateway-secret',
      'x-headroom-session-id': 's1',
      'content-type': 'application/json',
    });

    expect(forwarded).toEqual({
      authorization: 'Bearer sk-ant-oat-demo',
      'x-api-key': 'sk-ant-demo',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'oauth-2025-04-20,interleaved-thinking-2025-05-14',
      'openai-organization': 'org-1',
      'chatgpt-account-id': 'acct_demo42',
      'x-stainless-os': 'Linux',
      'content-type': 'application/json',
    });
  });
});

describe('clientResponseHeaders', () => {
  it('drops framing headers and renames the upstream request id', () => {
    const relayed = clientResponseHeaders(
      {
        'content-type': 'application/json',
        'content-length': '10',
        'transfer-encoding': 'chunked',
        connection: 'close',
        'x-request-id': 'req_upstream',
        server: 'upstream/1.0',
      },
      false,
    );

    expect(relayed).toEqual({
      'content-type': 'application/json',
      'x-upstream-request-id': 'req_upstream',
      server: 'upstream/1.0',
    });
  });

  it('keeps content-length when the body goes through unchanged', () => {
    expect(clientResponseHeaders({ 'content-length': '10' }, true)).toEqual({
      'content-length': '10',
    });
  });
});
