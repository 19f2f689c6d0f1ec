import {
  type CompressInput,
  type CompressOutcome,
  type Compressor,
  type ContentKind,
  type OriginalRecord,
  skipped,
} from '@headroom/contracts';
import { NumberedReadCompressor } from '@headroom/compressor-squash';
import { joinSegments, splitSegments } from '@headroom/router';
import type { CompressorPort } from './compression.ports';
import { CompressorsByKind } from './compressors-by-kind';

const MIXED_KINDS: ReadonlySet<ContentKind> = new Set(['markdown', 'prose']);

/**
 * The in-process compressor port: one family per content kind. Prose and
 * Markdown blocks are split first, so a fenced JSON or code block inside a
 * message goes to its own family and the text around it to the text one;
 * numbered file reads are unwrapped and their content routed the same way.
 */
export class CompressorRegistry implements CompressorPort {
  private readonly byKind: CompressorsByKind;

  constructor(compressors: readonly Compressor[]) {
    this.byKind = new CompressorsByKind(compressors);
    // A numbered read's content goes back through this registry by its own
    // kind, so it reaches the same families (in-process or remote) as any block.
    this.byKind.claim('numbered', new NumberedReadCompressor((input) => this.compress(input)));
  }

  async compress(input: CompressInput): Promise<CompressOutcome> {
    if (MIXED_KINDS.has(input.kind)) {
      const segments = splitSegments(input.text);
      if (segments.length > 1) return this.compressSegments(input, segments);
    }

    return this.compressWhole(input);
  }

  private async compressWhole(input: CompressInput): Promise<CompressOutcome> {
    return this.byKind.compress(input);
  }

  private async compressSegments(
    input: CompressInput,
    segments: ReturnType<typeof splitSegments>,
  ): Promise<CompressOutcome> {
    const replacements = new Map<number, string>();
    const transforms: string[] = [];
    const originals: OriginalRecord[] = [];

    for (const [index, segment] of segments.entries()) {
      if (segment.verbatim) continue;

      const outcome = await this.compressWhole({
        ...input,
        text: segment.text,
        kind: segment.detection.kind,
        language: segment.detection.language,
      });
      if (outcome.status !== 'compressed') continue;

      replacements.set(index, outcome.text);
      transforms.push(...outcome.transforms);
      originals.push(...outcome.originals);
    }

    if (replacements.size === 0) {
      return skipped('not-compressible', 'no segment compressed');
    }

    return {
      status: 'compressed',
      text: joinSegments(segments, replacements),
      transforms: [...new Set(transforms)],
      originals,
    };
  }
}
