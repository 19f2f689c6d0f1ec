import {
  type CompressionPipeline,
  createEmbeddedPipeline,
  type PipelineResult,
} from '@headroom/pipeline';

/** The real embedded pipeline with some methods replaced, so tests track the port as it grows. */
export function pipelineWith(overrides: Partial<CompressionPipeline>): CompressionPipeline {
  const embedded = createEmbeddedPipeline();

  return {
    run: (request) => embedded.run(request),
    compressMessages: (request) => embedded.compressMessages(request),
    recordUsage: (sessionKey, cachedTokens) => embedded.recordUsage(sessionKey, cachedTokens),
    ...overrides,
  };
}

/** A pipeline result for a body the test decided on. */
export function stubResult(body: Buffer, overrides: Partial<PipelineResult> = {}): PipelineResult {
  return {
    body,
    changed: true,
    model: 'gpt-4o-mini',
    stream: false,
    tokensBefore: 0,
    tokensAfter: 0,
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
    ...overrides,
  };
}
