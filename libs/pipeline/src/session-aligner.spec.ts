import { InMemorySessionStore, type SentBlock, type SessionState } from '@headroom/aligner';
import { ccrKey } from '@headroom/contracts';
import { inspectRequest } from '@headroom/providers';
import { AlignedSession, MAX_SENT_BLOCKS } from './session-aligner';

const block = (n: number) => ({ text: `compressed ${n}`, kind: 'log', compressor: 'test' });

describe(AlignedSession.name, () => {
  describe('record', () => {
    it('keeps at most MAX_SENT_BLOCKS blocks, dropping the least recently sent', () => {
      const session = new AlignedSession('s', undefined, new InMemorySessionStore());
      const keys = Array.from({ length: MAX_SENT_BLOCKS + 200 }, (_, n) => ccrKey(`block ${n}`));

      keys.forEach((key, n) => session.record(key, n % 2 ? block(n) : null));

      expect(session.replay(keys[0])).toBeUndefined();
      expect(session.replay(keys[199])).toBeUndefined();
      expect(session.replay(keys[200])).toBeNull();
      expect(session.replay(keys[keys.length - 1])).toEqual(block(keys.length - 1));
    });

    it('keeps a block a later turn replays, however old it is', () => {
      const session = new AlignedSession('s', undefined, new InMemorySessionStore());
      const kept = ccrKey('the log every turn carries');
      session.record(kept, block(0));

      for (let n = 1; n <= MAX_SENT_BLOCKS * 2; n += 1) {
        session.record(ccrKey(`block ${n}`), null);
        if (n % 100 === 0) expect(session.replay(kept)).toEqual(block(0));
      }

      expect(session.replay(kept)).toEqual(block(0));
      expect(session.replay(ccrKey('block 1'))).toBeUndefined();
    });
  });

  describe('finish', () => {
    const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };
    const view = inspectRequest('openai-chat', body);
    const text = JSON.stringify(body);
    const [first, second, third] = [1, 2, 3].map((n) => ccrKey(`block ${n}`));

    async function storedWith(store: InMemorySessionStore, key: string, sent: SentBlock) {
      const opening = new AlignedSession('s', undefined, store);
      opening.record(key, sent);
      await opening.finish(view, text, text, false);

      return (await store.get('s')) as SessionState;
    }

    it('leaves the state it was opened with as it was, for requests still holding it', async () => {
      const store = new InMemorySessionStore();
      const stored = await storedWith(store, first, block(1));
      const writer = new AlignedSession('s', stored, store);
      const reader = new AlignedSession('s', stored, store);

      writer.record(second, block(2));
      await writer.finish(view, text, text, true);

      expect(reader.replay(second)).toBeUndefined();
      expect(reader.retrievalToolInjected).toBe(false);
      expect(Object.keys(stored.sent)).toEqual([first]);
      expect(stored.turns).toBe(1);
      expect(Object.keys((await store.get('s'))?.sent ?? {})).toEqual([first, second]);
    });

    // A copy per request in flight held every compressed block of a session
    // shared by all requests, 16 times over (BL-35).
    it('keeps the blocks of the state it was opened with instead of copying them', async () => {
      const store = new InMemorySessionStore();
      const stored = await storedWith(store, first, block(1));
      const session = new AlignedSession('s', stored, store);

      session.record(second, null);
      await session.finish(view, text, text, false);

      expect((await store.get('s'))?.sent[first]).toBe(stored.sent[first]);
    });

    it('drops the least recently sent block, wherever it was recorded', async () => {
      const store = new InMemorySessionStore();
      const keys = Array.from({ length: MAX_SENT_BLOCKS }, (_, n) => ccrKey(`full ${n}`));
      const filling = new AlignedSession('s', undefined, store);
      keys.forEach((key, n) => filling.record(key, block(n)));
      await filling.finish(view, text, text, false);
      const session = new AlignedSession('s', await store.get('s'), store);

      expect(session.replay(keys[0])).toEqual(block(0));
      session.record(third, null);
      await session.finish(view, text, text, false);

      const sent = Object.keys((await store.get('s'))?.sent ?? {});
      expect(sent).toHaveLength(MAX_SENT_BLOCKS);
      expect(sent.slice(0, 2)).toEqual([keys[2], keys[3]]);
      expect(sent.slice(-2)).toEqual([keys[0], third]);
    });
  });
});
