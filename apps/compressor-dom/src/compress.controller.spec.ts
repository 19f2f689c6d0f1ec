import { describeCompressorFamily } from '@headroom/testing/jest';
import { StreamsContext } from '@headroom/transport';
import { CompressController } from './compress.controller';
import { createCompressors } from './compressors.provider';

const controller = new CompressController(createCompressors());
const context = new StreamsContext(['headroom:requests:dom', '1-0', 'req-1', 'test']);

describeCompressorFamily({
  family: 'dom',
  compress: (payload) => controller.compress({ requestId: 'req-1', payload }, context),
  sample: `<html><body><nav>menu</nav><article><h1>Title</h1>${'<p>Some paragraph of text.</p>'.repeat(200)}</article></body></html>`,
});
