import type { CompressInput } from '@headroom/contracts';
import { StreamsContext } from '@headroom/transport';
import { CompressController } from './compress.controller';
import { createCompressors } from './compressors.provider';

const context = new StreamsContext(['headroom:requests:code', '1-0', 'req-1', 'test']);

function input(overrides: Partial<CompressInput>): CompressInput {
  return { text: '', kind: 'code', query: 'what failed?', lossless: false, ...overrides };
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
            { length: 60 },
            (_, index) =>
              `export function handler${index}(value: number): number {\n  const doubled = value * 2;\n  return doubled + ${index};\n}\n`,
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
