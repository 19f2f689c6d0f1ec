import {
  ccrKey,
  containsMarker,
  formatMarker,
  skipped,
  type CompressInput,
  type CompressOutcome,
  type Compressor,
  type ContentKind,
} from '@headroom/contracts';
import { extractContent } from './article-extractor';
import { toMarkdown } from './markdown-converter';
import { cleanPage } from './page-cleaner';

export type DomCompressorOptions = {
  /** Pages shorter than this (in characters) pass untouched. */
  minChars?: number;
  /** The output must be at most this share of the input, or the page goes through. */
  maxRatio?: number;
};

const DEFAULTS: Required<DomCompressorOptions> = { minChars: 1_024, maxRatio: 0.9 };

/**
 * An HTML page as the Markdown of its main content, with the page title as
 * the first heading. Scripts, styles, navigation and boilerplate go; the
 * whole page is returned as the original, named by one marker at the end.
 */
export class DomCompressor implements Compressor {
  readonly name = 'dom';
  readonly kinds: readonly ContentKind[] = ['html'];
  private readonly options: Required<DomCompressorOptions>;

  constructor(options: DomCompressorOptions = {}) {
    this.options = {
      minChars: options.minChars ?? DEFAULTS.minChars,
      maxRatio: options.maxRatio ?? DEFAULTS.maxRatio,
    };
  }

  compress(input: CompressInput): CompressOutcome {
    const { text } = input;
    if (input.lossless) {
      return skipped('lossless-only');
    }
    if (text.length < (input.minChars ?? this.options.minChars)) {
      return skipped('too-small');
    }
    if (containsMarker(text)) {
      return skipped('already-compressed');
    }

    try {
      return this.convert(text);
    } catch (error) {
      // Fail open: a page the DOM stack chokes on goes through as it came.
      return skipped('not-compressible', error instanceof Error ? error.message : String(error));
    }
  }

  private convert(text: string): CompressOutcome {
    const extraction = extractContent(cleanPage(text));
    const body = extraction ? toMarkdown(extraction.content) : '';
    if (!extraction || body.length === 0) {
      return skipped('not-compressible', 'no readable content');
    }
    const key = ccrKey(text);
    const marker = formatMarker(
      key,
      `page as Markdown (${extraction.strategy}); scripts, styles, navigation and boilerplate dropped`,
    );
    const output = `${withTitle(extraction.title, body)}\n\n${marker}`;
    if (output.length > text.length * this.options.maxRatio) {
      return skipped('no-gain');
    }

    return {
      status: 'compressed',
      text: output,
      transforms: [`dom:${extraction.strategy}`],
      originals: [{ key, content: text, kind: 'html', compressor: this.name }],
    };
  }
}

function withTitle(title: string, body: string): string {
  const heading = `# ${title.replace(/\s+/g, ' ').trim()}`;
  if (heading === '# ' || body.startsWith(heading)) {
    return body;
  }

  return `${heading}\n\n${body}`;
}

export function createDomCompressor(options?: DomCompressorOptions): DomCompressor {
  return new DomCompressor(options);
}
