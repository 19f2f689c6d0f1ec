import { WorkerConfigError, loadWorkerConfig } from './worker.config';

describe('loadWorkerConfig', () => {
  it('takes numbers written in decimal digits', () => {
    expect(
      loadWorkerConfig({ HEADROOM_HEALTH_PORT: ' 9100 ', HEADROOM_WORKER_CONCURRENCY: '4' }),
    ).toMatchObject({ healthPort: 9100, concurrency: 4 });
  });

  it.each(['', '0x10', '1e1', '4.0', '+4'])(
    'lists HEADROOM_WORKER_CONCURRENCY=%j as a problem instead of reading a number from it',
    (value) => {
      expect(() => loadWorkerConfig({ HEADROOM_WORKER_CONCURRENCY: value })).toThrow(
        WorkerConfigError,
      );
    },
  );
});
