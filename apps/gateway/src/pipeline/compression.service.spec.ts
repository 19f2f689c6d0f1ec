import { HeadroomError } from '@headroom/contracts';
import type { CompressionPipeline, PipelineRequest, PipelineResult } from '@headroom/pipeline';
import { loadGatewayConfig } from '../config/gateway-config.schema';
import { GatewayConfigService } from '../config/gateway-config.service';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { CompressionService } from './compression.service';

const BODY = Buffer.from('{"model":"gpt-4o-mini","messages":[]}');

function job(body = BODY): PipelineRequest {
  return { format: 'openai-chat', body, tenant: 'default', mode: 'default', requestId: 'r1' };
}

function result(body: Buffer, changed: boolean): PipelineResult {
  return {
    body,
    changed,
    model: 'gpt-4o-mini',
    stream: false,
    tokensBefore: 100,
    tokensAfter: changed ? 40 : 100,
    transforms: [],
    ccrKeys: [],
    retrievalToolInjected: false,
    failures: [],
    durationMs: 1,
    sessionKey: undefined,
    prefix: undefined,
    dynamicContent: [],
    blocks: [],
    stagesMs: { inspect: 0, compress: 0, persist: 0, edit: 0, count: 0 },
  };
}

function serviceWith(run: CompressionPipeline['run']): {
  service: CompressionService;
  metrics: GatewayMetrics;
} {
  const pipeline: CompressionPipeline = {
    run,
    compressMessages: async () => {
      throw new Error('unused');
    },
    recordUsage: async () => undefined,
  };
  const metrics = new GatewayMetrics();
  const config = new GatewayConfigService(
    loadGatewayConfig({ HEADROOM_COMPRESSION_TIMEOUT_MS: '30' }),
  );

  return { service: new CompressionService(pipeline, config, metrics), metrics };
}

async function failOpenCount(metrics: GatewayMetrics, reason: string): Promise<number> {
  const metric = await metrics.failOpen.get();

  return metric.values.find((value) => value.labels.reason === reason)?.value ?? 0;
}

describe(CompressionService.name, () => {
  describe('compress', () => {
    it('forwards the pipeline body when it changed something', async () => {
      const smaller = Buffer.from('{"m":1}');
      const { service } = serviceWith(async () => result(smaller, true));

      const outcome = await service.compress(job());

      expect(outcome.status).toBe('ran');
      expect(outcome.body).toBe(smaller);
    });

    it('forwards the client buffer itself when nothing changed', async () => {
      const { service } = serviceWith(async () => result(Buffer.from(BODY), false));

      expect((await service.compress(job())).body).toBe(BODY);
    });

    it('fails open on an unexpected error and counts it', async () => {
      const { service, metrics } = serviceWith(async () => {
        throw new TypeError('boom');
      });

      const outcome = await service.compress(job());

      expect(outcome).toEqual({ status: 'fail-open', body: BODY, reason: 'error' });
      expect(await failOpenCount(metrics, 'error')).toBe(1);
    });

    it('fails open after the timeout', async () => {
      const { service, metrics } = serviceWith(() => new Promise(() => undefined));

      const outcome = await service.compress(job());

      expect(outcome.status).toBe('fail-open');
      expect(await failOpenCount(metrics, 'timeout')).toBe(1);
    });

    it('tells the pipeline to stop once the timeout has sent the original (BL-36)', async () => {
      let seen: AbortSignal | undefined;
      const { service } = serviceWith((request) => {
        seen = request.signal;
        return new Promise(() => undefined);
      });

      await service.compress(job());

      expect(seen?.aborted).toBe(true);
    });

    it('passes the client hang-up to the pipeline and counts no fail-open for it (BL-36)', async () => {
      const client = new AbortController();
      const { service, metrics } = serviceWith(
        (request) =>
          new Promise((_, reject) =>
            request.signal?.addEventListener('abort', () => reject(request.signal?.reason)),
          ),
      );

      const pending = service.compress({ ...job(), signal: client.signal });
      client.abort();

      expect((await pending).status).toBe('fail-open');
      expect(await failOpenCount(metrics, 'error')).toBe(0);
      expect(await failOpenCount(metrics, 'timeout')).toBe(0);
    });

    it('keeps a client mistake a 4xx', async () => {
      const { service } = serviceWith(async () => {
        throw new HeadroomError('invalid_request_error', 'no messages');
      });

      await expect(service.compress(job())).rejects.toMatchObject({
        code: 'invalid_request_error',
      });
    });

    it('turns a failure on a body that is not a JSON object into invalid_json', async () => {
      const { service } = serviceWith(async () => {
        throw new SyntaxError('Unexpected token');
      });

      await expect(service.compress(job(Buffer.from('[1,2]')))).rejects.toMatchObject({
        code: 'invalid_json',
      });
    });
  });
});
