import { comparePrefix, turnShape } from './prefix-tracker';

const body = (messages: string[], tools = '[]') =>
  `{"tools":${tools},"messages":[${messages.map((m) => JSON.stringify({ role: 'user', content: m })).join(',')}]}`;

const shape = (text: string, count: number) => turnShape(text, ['tools'], 'messages', count);

describe('comparePrefix', () => {
  it('counts every earlier message as stable when bytes match', () => {
    const previous = { forwarded: shape(body(['a', 'b']), 2), client: shape(body(['a', 'b']), 2) };
    const next = {
      forwarded: shape(body(['a', 'b', 'c']), 3),
      client: shape(body(['a', 'b', 'c']), 3),
    };

    expect(comparePrefix(previous, next)).toEqual({ previousItems: 2, stableItems: 2, bust: null });
  });

  it('blames Headroom when the client resent the same bytes', () => {
    const previous = { forwarded: shape(body(['a', 'b']), 2), client: shape(body(['a', 'b']), 2) };
    const next = {
      forwarded: shape(body(['a', 'B', 'c']), 3),
      client: shape(body(['a', 'b', 'c']), 3),
    };

    expect(comparePrefix(previous, next).bust).toEqual({
      reason: 'headroom-rewrote-history',
      index: 1,
    });
  });

  it('reports a changed head and a truncated history', () => {
    const previous = { forwarded: shape(body(['a', 'b']), 2), client: shape(body(['a', 'b']), 2) };
    const retooled = {
      forwarded: shape(body(['a', 'b'], '[1]'), 2),
      client: shape(body(['a', 'b'], '[1]'), 2),
    };
    const truncated = { forwarded: shape(body(['a']), 1), client: shape(body(['a']), 1) };

    expect(comparePrefix(previous, retooled).bust?.reason).toBe('head-changed');
    expect(comparePrefix(previous, truncated).bust?.reason).toBe('history-truncated');
  });

  it('hashes exact bytes, so reformatting counts as a change', () => {
    const compact = shape('{"messages":[{"a":1}]}', 1);
    const spaced = shape('{"messages":[{"a": 1}]}', 1);

    expect(compact.items[0]).not.toBe(spaced.items[0]);
  });
});
