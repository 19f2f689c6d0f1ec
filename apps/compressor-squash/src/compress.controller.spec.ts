import type { CompressInput } from '@headroom/contracts';
import { StreamsContext } from '@headroom/transport';
import { CompressController } from './compress.controller';
import { createCompressors } from './compressors.provider';

const context = new StreamsContext(['headroom:requests:squash', '1-0', 'req-1', 'test']);

function input(overrides: Partial<CompressInput>): CompressInput {
  return { text: '', kind: 'log', query: 'what failed?', lossless: false, ...overrides };
}

describe(CompressController.name, () => {
  const controller = new CompressController(createCompressors());

  describe('compress', () => {
    it('skips a kind this family does not serve', async () => {
      const outcome = await controller.compress(
        { requestId: 'req-1', payload: input({ kind: 'binary', text: 'x'.repeat(2_000) }) },
        context,
      );

      expect(outcome).toEqual({ status: 'skipped', reason: 'unsupported', detail: 'binary' });
    });

    it('gives the same bytes for the same input', async () => {
      const request = {
        requestId: 'req-2',
        payload: input({
          text: Array.from(
            { length: 300 },
            (_, index) =>
              `2026-12-04T10:00:${String(index % 60).padStart(2, '0')}Z INFO request ${index} served in 12ms`,
          ).join('\n'),
        }),
      };

      const first = await controller.compress(request, context);
      const second = await controller.compress(request, context);

      expect(['compressed', 'skipped']).toContain(first.status);
      expect(second).toEqual(first);
    });
  });
});
