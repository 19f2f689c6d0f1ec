import {
  type CompressInput,
  type CompressOutcome,
  type Compressor,
  type ContentKind,
  skipped,
} from '@headroom/contracts';

/**
 * Compressors looked up by the kind the router decided: the first one to
 * claim a kind serves it, and a kind nobody claims is skipped as unsupported.
 * The gateway's registry and every compressor worker pick families this way.
 */
export class CompressorsByKind {
  private readonly table = new Map<ContentKind, Compressor>();

  constructor(readonly compressors: readonly Compressor[]) {
    for (const compressor of compressors) {
      for (const kind of compressor.kinds) this.claim(kind, compressor);
    }
  }

  get names(): string[] {
    return this.compressors.map((compressor) => compressor.name);
  }

  /** Gives `kind` to `compressor` unless another one already serves it. */
  claim(kind: ContentKind, compressor: Compressor): void {
    if (!this.table.has(kind)) this.table.set(kind, compressor);
  }

  async compress(input: CompressInput): Promise<CompressOutcome> {
    const compressor = this.table.get(input.kind);

    // A compressor that throws is a bug, not an outcome: the error goes to
    // the caller, which counts the failure and sends the block as it was.
    return compressor ? compressor.compress(input) : skipped('unsupported', input.kind);
  }
}
