import type { CompressOutcome } from '@headroom/contracts';
import { packOutcome, unpackOutcome } from './thread-messages';

const block = Array.from({ length: 50 }, (_, i) => `2026-01-05 INFO heartbeat ${i}`).join('\n');
const outcome = (contents: string[]): CompressOutcome => ({
  status: 'compressed',
  text: 'heartbeat x50',
  transforms: ['log:templates'],
  originals: contents.map((content, n) => ({
    key: `k${n}`,
    content,
    kind: 'log',
    compressor: 'squash',
  })),
});

describe('thread messages', () => {
  describe(packOutcome.name, () => {
    it('sends an original that is the whole block without its content', () => {
      const reply = packOutcome(7, outcome([block, 'one line']), block);

      expect(reply.wholeBlock).toEqual([0]);
      expect(reply.outcome).toMatchObject({
        originals: [
          { key: 'k0', content: '' },
          { key: 'k1', content: 'one line' },
        ],
      });
    });

    it('sends outcomes without such an original as they are', () => {
      const parts = outcome(['one line']);
      const skipped: CompressOutcome = { status: 'skipped', reason: 'no-gain' };

      expect(packOutcome(1, parts, block)).toEqual({ id: 1, outcome: parts });
      expect(packOutcome(2, skipped, block)).toEqual({ id: 2, outcome: skipped });
    });
  });

  describe(unpackOutcome.name, () => {
    it('gives whole-block originals the text of the block that was sent', () => {
      const reply = packOutcome(7, outcome([block, 'one line']), block);

      expect(unpackOutcome(reply.outcome, reply.wholeBlock, block)).toEqual(
        outcome([block, 'one line']),
      );
    });
  });
});
