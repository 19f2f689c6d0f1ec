import type { CompressInput, CompressOutcome, Compressor, ContentKind } from '@headroom/contracts';
import { guardInput } from './squash-guard';

/** The thresholds below which a squasher leaves its input alone. */
export type SquashThresholds = { minChars: number; minLines?: number };

/**
 * What every squasher shares: its options laid over the defaults, and the
 * guard (markers, size, lossless mode, short error output) that runs before
 * any content is read. A subclass only says how to squash what got through.
 */
export abstract class Squasher<Options extends SquashThresholds> implements Compressor {
  abstract readonly name: string;
  abstract readonly kinds: readonly ContentKind[];
  protected readonly options: Options;

  protected constructor(defaults: Options, overrides: Partial<Options>) {
    this.options = { ...defaults, ...overrides };
  }

  compress(input: CompressInput): CompressOutcome {
    const { minChars, minLines = 1 } = this.options;

    return guardInput(input, minChars, minLines) ?? this.squash(input);
  }

  protected abstract squash(input: CompressInput): CompressOutcome;
}
