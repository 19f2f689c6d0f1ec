import { describeCompressorFamily } from '@headroom/testing/jest';
import { StreamsContext } from '@headroom/transport';
import { CompressController } from './compress.controller';
import { createCompressors } from './compressors.provider';

const controller = new CompressController(createCompressors());
const context = new StreamsContext(['headroom:requests:squash', '1-0', 'req-1', 'test']);

describeCompressorFamily({
  family: 'squash',
  compress: (payload) => controller.compress({ requestId: 'req-1', payload }, context),
  sample: Array.from(
    { length: 300 },
    (_, index) =>
      `2026-12-04T10:00:${String(index % 60).padStart(2, '0')}Z INFO request ${index} served in 12ms`,
  ).join('\n'),
});
