import type { CompressResponseBody } from '@headroom/contracts';
import type {
  CompressMessagesRequest,
  CompressionPipeline,
  PipelineRequest,
  PipelineResult,
} from './pipeline.types';

// TODO(#2): placeholder until the live-zone pipeline lands; forwards every body untouched.
export function createEmbeddedPipeline(): CompressionPipeline {
  return {
    async run(request: PipelineRequest): Promise<PipelineResult> {
      const parsed = JSON.parse(request.body.toString('utf8')) as {
        model?: unknown;
        stream?: unknown;
      };

      return {
        body: request.body,
        changed: false,
        model: typeof parsed.model === 'string' ? parsed.model : undefined,
        stream: parsed.stream === true,
        tokensBefore: 0,
        tokensAfter: 0,
        transforms: [],
        ccrKeys: [],
        retrievalToolInjected: false,
        failures: [],
        durationMs: 0,
      };
    },
    async compressMessages(request: CompressMessagesRequest): Promise<CompressResponseBody> {
      return {
        messages: request.messages,
        tokens_before: 0,
        tokens_after: 0,
        tokens_saved: 0,
        compression_ratio: 1,
        transforms_applied: [],
        ccr_hashes: [],
      };
    },
  };
}
