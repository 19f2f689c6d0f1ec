import {
  ccrKey,
  formatMarker,
  screenInput,
  skipped,
  type CompressInput,
  type CompressOutcome,
  type Compressor,
  type ContentKind,
} from '@headroom/contracts';
import { extractContent } from './article-extractor';
import { extractLight } from './light-extractor';
import { lightMarkdown } from './light-markdown';
import { toMarkdown } from './markdown-converter';
import { cleanPage } from './page-cleaner';

export type DomCompressorOptions = {
  /** Pages shorter than this (in characters) pass untouched. */
  minChars?: number;
  /** Pages longer than this pass untouched: converting one holds its compressor thread for seconds. */
  maxChars?: number;
  /** The output must be at most this share of the input, or the page goes through. */
  maxRatio?: number;
  /**
   * Cleaned pages longer than this (in characters) take the light path: one
   * parse5 pass and a linear reader view instead of jsdom, Readability and
   * turndown, whose cost grows faster than the page.
   */
  lightPathChars?: number;
};

const DEFAULTS: Required<DomCompressorOptions> = {
  minChars: 1_024,
  maxChars: 8_000_000,
  maxRatio: 0.9,
  lightPathChars: 200_000,
};

type Conversion = { title: string; markdown: string; strategy: string };

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
      maxChars: options.maxChars ?? DEFAULTS.maxChars,
      maxRatio: options.maxRatio ?? DEFAULTS.maxRatio,
      lightPathChars: options.lightPathChars ?? DEFAULTS.lightPathChars,
    };
  }

  compress(input: CompressInput): CompressOutcome {
    const screened = screenInput(input, this.options);
    if (screened) {
      return screened;
    }
    const { text } = input;

    try {
      return this.convert(text);
    } catch (error) {
      // Fail open: a page the DOM stack chokes on goes through as it came.
      return skipped('not-compressible', error instanceof Error ? error.message : String(error));
    }
  }

  private convert(text: string): CompressOutcome {
    const cleaned = cleanPage(text);
    const conversion =
      cleaned.length > this.options.lightPathChars ? convertLight(cleaned) : convertFull(cleaned);
    if (!conversion || conversion.markdown.length === 0) {
      return skipped('not-compressible', 'no readable content');
    }
    const key = ccrKey(text);
    const marker = formatMarker(
      key,
      `page as Markdown (${conversion.strategy}); scripts, styles, navigation and boilerplate dropped`,
    );
    const output = `${withTitle(conversion.title, conversion.markdown)}\n\n${marker}`;
    if (output.length > text.length * this.options.maxRatio) {
      return skipped('no-gain');
    }

    return {
      status: 'compressed',
      text: output,
      transforms: [`dom:${conversion.strategy}`],
      originals: [{ key, content: text, kind: 'html', compressor: this.name }],
    };
  }
}

function convertFull(html: string): Conversion | undefined {
  const extraction = extractContent(html);

  return extraction
    ? {
        title: extraction.title,
        markdown: toMarkdown(extraction.content),
        strategy: extraction.strategy,
      }
    : undefined;
}

function convertLight(html: string): Conversion | undefined {
  const extraction = extractLight(html);

  return extraction
    ? { title: extraction.title, markdown: lightMarkdown(extraction.content), strategy: 'light' }
    : undefined;
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

/** The shared instance with default options; jsdom's window is built on its first call. */
export const domCompressor: DomCompressor = createDomCompressor();
