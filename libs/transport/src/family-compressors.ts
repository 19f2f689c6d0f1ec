import {
  type CompressInput,
  type CompressOutcome,
  type Compressor,
  type ContentKind,
  skipped,
} from '@headroom/contracts';

/**
 * A worker's compressors, picked by the kind the gateway's router already
 * decided. No segment splitting here: the gateway did it before sending, so
 * every worker sees one kind per message.
 */
export class FamilyCompressors {
  private readonly byKind = new Map<ContentKind, Compressor>();

  constructor(readonly compressors: readonly Compressor[]) {
    for (const compressor of compressors) {
      for (const kind of compressor.kinds) {
        if (!this.byKind.has(kind)) this.byKind.set(kind, compressor);
      }
    }
  }

  get names(): string[] {
    return this.compressors.map((compressor) => compressor.name);
  }

  async compress(input: CompressInput): Promise<CompressOutcome> {
    const compressor = this.byKind.get(input.kind);
    if (!compressor) return skipped('unsupported', input.kind);

    // A compressor that throws is a bug, not an outcome: it crosses the wire
    // as an error so the gateway counts it as a failure and fails open.
    return compressor.compress(input);
  }
}
