import { HeadroomError } from '@headroom/contracts';
import { resolveRequestMode, resolveSessionId } from './request-mode';

describe('resolveRequestMode', () => {
  it.each([
    [{}, 'default'],
    [{ 'x-headroom-mode': 'lossless' }, 'lossless'],
    [{ 'x-headroom-mode': 'Passthrough' }, 'passthrough'],
    [{ 'x-headroom-bypass': 'true' }, 'passthrough'],
    [{ 'x-headroom-bypass': 'true', 'x-headroom-mode': 'default' }, 'passthrough'],
    [{ 'x-headroom-bypass': 'false', 'x-headroom-mode': 'lossless' }, 'lossless'],
  ])('%j → %s', (headers, mode) => {
    expect(resolveRequestMode(headers)).toBe(mode);
  });

  it.each([[{ 'x-headroom-mode': 'turbo' }], [{ 'x-headroom-bypass': 'yes' }]])(
    'rejects %j with a 400',
    (headers) => {
      expect(() => resolveRequestMode(headers)).toThrow(HeadroomError);
    },
  );
});

describe('resolveSessionId', () => {
  it('accepts a plain id and rejects control characters', () => {
    expect(resolveSessionId({ 'x-headroom-session-id': 'sess_1' })).toBe('sess_1');
    expect(() => resolveSessionId({ 'x-headroom-session-id': 'a\nb' })).toThrow(HeadroomError);
  });
});
