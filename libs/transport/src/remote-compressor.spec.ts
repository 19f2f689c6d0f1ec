import {
  type CompressInput,
  type CompressOutcome,
  type Compressor,
  TRANSPORT_PATTERNS,
  skipped,
} from '@headroom/contracts';
import { CompressorsByKind } from '@headroom/pipeline';
import { Module } from '@nestjs/common';
import { compressController } from './compress.controller';
import { RemoteCompressor } from './remote-compressor';
import { StreamsClient } from './streams.client';
import { type RedisTestServer, startRedisTestServer } from './testing/redis-test-server';
import { type RunningWorker, startWorker } from './worker.bootstrap';

const COMPRESSORS = Symbol('compressors');
const received: CompressInput[] = [];

const recording: Compressor = {
  name: 'recording',
  kinds: ['code'],
  compress(input: CompressInput): CompressOutcome {
    received.push(input);
    return skipped('no-gain', 'recorded');
  },
};

@Module({
  controllers: [compressController(TRANSPORT_PATTERNS.compressCode, COMPRESSORS)],
  providers: [{ provide: COMPRESSORS, useValue: new CompressorsByKind([recording]) }],
})
class RecordingWorkerModule {}

describe(RemoteCompressor.name, () => {
  let redis: RedisTestServer;
  let worker: RunningWorker;
  let client: StreamsClient;

  beforeAll(async () => {
    redis = await startRedisTestServer();
    worker = await startWorker({
      module: RecordingWorkerModule,
      info: { family: 'code', components: ['recording'] },
      config: {
        redisUrl: redis.url,
        healthPort: 0,
        healthHost: '127.0.0.1',
        concurrency: 1,
        claimIdleMs: 500,
        claimIntervalMs: 100,
        logLevel: 'error',
      },
    });
    client = new StreamsClient({ redisUrl: redis.url, family: 'code', timeoutMs: 2_000 });
  });

  afterAll(async () => {
    await client.close();
    await worker.close();
    await redis.stop();
  });

  describe('compress', () => {
    it('hands the worker every field of the input, the kind of the named file included', async () => {
      const input: CompressInput = {
        text: 'async function drain(app: App): Promise<void> {\n  await app.close();\n}',
        kind: 'code',
        language: 'typescript',
        query: 'how does it shut down?',
        lossless: false,
        toolName: 'Read',
        sourceKind: { kind: 'code', language: 'typescript' },
        targetRatio: 0.5,
        minChars: 0,
      };

      const outcome = await new RemoteCompressor(client, 'code').compress(input);

      expect(outcome).toEqual({ status: 'skipped', reason: 'no-gain', detail: 'recorded' });
      expect(received).toEqual([input]);
    });
  });
});
