import { SerialQueue } from './serial.queue';

describe(SerialQueue.name, () => {
  it('runs tasks one at a time, in call order', async () => {
    const queue = new SerialQueue();
    const order: number[] = [];
    const slow = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

    await Promise.all([
      queue.run(async () => {
        await slow();
        order.push(1);
      }),
      queue.run(async () => {
        order.push(2);
      }),
    ]);

    expect(order).toEqual([1, 2]);
  });

  it('fails a task that never settles and serves the next one', async () => {
    const queue = new SerialQueue(50);

    const stuck = queue.run(() => new Promise<never>(() => undefined));
    const next = queue.run(async () => 'served');

    await expect(stuck).rejects.toThrow(/within 50 ms/);
    await expect(next).resolves.toBe('served');
  });
});
