import { InMemorySessionStore } from '@headroom/aligner';
import { ccrKey } from '@headroom/contracts';
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
});
