import { describeCompressorFamily } from '@headroom/testing/jest';
import { StreamsContext } from '@headroom/transport';
import { CompressController } from './compress.controller';
import { createCompressors } from './compressors.provider';

const controller = new CompressController(createCompressors());
const context = new StreamsContext(['headroom:requests:code', '1-0', 'req-1', 'test']);

describeCompressorFamily({
  family: 'code',
  compress: (payload) => controller.compress({ requestId: 'req-1', payload }, context),
  sample: Array.from(
    { length: 40 },
    (_, index) => `export function total${index}(orders: Order[]): number {
  let sum = 0;
  for (const order of orders) {
    if (order.status !== 'paid') {
      continue;
    }
    const discount = order.coupon ? order.coupon.rate * order.amount : 0;
    sum += order.amount - discount + ${index};
  }
  return Math.round(sum * 100) / 100;
}
`,
  ).join('\n'),
});
