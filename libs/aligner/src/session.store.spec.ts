import { emptySession, InMemorySessionStore, type SessionState } from './session.store';

function sessionWith(blocks: number, textChars: number): SessionState {
  const state = emptySession();
  for (let index = 0; index < blocks; index += 1) {
    state.sent[`k${index}`] = { text: 'x'.repeat(textChars), kind: 'json', compressor: 'json' };
  }

  return state;
}

describe(InMemorySessionStore.name, () => {
  it('gives back what was stored and counts each session once', async () => {
    const store = new InMemorySessionStore();
    const state = sessionWith(2, 10);

    await store.set('a', state);
    await store.set('a', state);

    await expect(store.get('a')).resolves.toBe(state);
    expect(store.size).toBe(1);
  });

  it('drops the least recently used session past the count', async () => {
    const store = new InMemorySessionStore({ maxSessions: 2 });
    await store.set('a', emptySession());
    await store.set('b', emptySession());
    await store.get('a');

    await store.set('c', emptySession());

    await expect(store.get('b')).resolves.toBeUndefined();
    await expect(store.get('a')).resolves.toBeDefined();
    expect(store.size).toBe(2);
  });

  it('keeps the text its sessions replay under the byte bound, however many there are', async () => {
    const store = new InMemorySessionStore({ maxBytes: 1024 * 1024 });

    for (let index = 0; index < 100; index += 1) {
      await store.set(`s${index}`, sessionWith(10, 5_000));
    }

    expect(store.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(store.size).toBeGreaterThan(0);
    expect(store.size).toBeLessThan(100);
    await expect(store.get('s99')).resolves.toBeDefined();
    await expect(store.get('s0')).resolves.toBeUndefined();
  });

  it('keeps the newest session even when it alone is over the bound', async () => {
    const store = new InMemorySessionStore({ maxBytes: 1_000 });

    await store.set('big', sessionWith(3, 5_000));

    await expect(store.get('big')).resolves.toBeDefined();
  });
});
