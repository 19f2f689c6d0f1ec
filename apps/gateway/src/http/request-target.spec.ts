import type { IncomingMessage } from 'node:http';
import { originFormUrl } from './request-target';

const target = (url: string) => originFormUrl({ url } as IncomingMessage);

describe('originFormUrl', () => {
  it.each([
    ['/v1/chat/completions?x=1', '/v1/chat/completions?x=1'],
    ['http://other.host/v1/models', '/v1/models'],
    ['HTTPS://other.host:8443/v1/models?limit=2', '/v1/models?limit=2'],
    ['http://user:pw@other.host?x=1', '/?x=1'],
    ['http://other.host', '/'],
    ['//other.host/v1/models', '//other.host/v1/models'],
  ])('%s → %s', (url, expected) => {
    expect(target(url)).toBe(expected);
  });
});
