import { ownRouteOf, withoutOwnTrailingSlash } from './headroom-routes';

describe('ownRouteOf', () => {
  it.each([
    ['/v1/compress', ['POST']],
    ['/v1/compress/', ['POST']],
    ['/v1/retrieve', ['POST']],
    ['/v1/retrieve/tool_call', ['POST']],
    ['/v1/retrieve/stats', ['GET']],
    ['/v1/retrieve/stats/', ['GET']],
    ['/v1/retrieve/0123456789abcdef01234567', ['GET']],
    ['/v1/retriev%65/stats', ['GET']],
    ['/v1/retrieve/stats/more', []],
    ['/v1/compress/anything', []],
  ])('%s is Headroom’s and takes %j', (path, allow) => {
    expect(ownRouteOf(path)).toEqual({ allow });
  });

  it.each(['/v1/models', '/v1/compression', '/v1/retrieved/x', '/v1/chat/completions', '/v1/%ZZ'])(
    '%s is not Headroom’s',
    (path) => {
      expect(ownRouteOf(path)).toBeUndefined();
    },
  );
});

describe('withoutOwnTrailingSlash', () => {
  it.each([
    ['/v1/retrieve/stats/', '/v1/retrieve/stats'],
    ['/v1/retrieve/stats//?a=1/', '/v1/retrieve/stats?a=1/'],
    ['/v1/compress/', '/v1/compress'],
    ['/v1/models/', '/v1/models/'],
    ['/', '/'],
  ])('%s → %s', (url, expected) => {
    expect(withoutOwnTrailingSlash(url)).toBe(expected);
  });
});
