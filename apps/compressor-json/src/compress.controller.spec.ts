import { describeCompressorFamily } from '@headroom/testing/jest';
import { StreamsContext } from '@headroom/transport';
import { CompressController } from './compress.controller';
import { createCompressors } from './compressors.provider';

const controller = new CompressController(createCompressors());
const context = new StreamsContext(['headroom:requests:json', '1-0', 'req-1', 'test']);

describeCompressorFamily({
  family: 'json',
  compress: (payload) => controller.compress({ requestId: 'req-1', payload }, context),
  sample: JSON.stringify(
    Array.from({ length: 200 }, (_, id) => ({
      id,
      status: id === 7 ? 'error' : 'ok',
      region: 'eu-west-1',
    })),
  ),
});
