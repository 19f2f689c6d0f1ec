import {
  type CodeLanguage,
  type CompressInput,
  type CompressOutcome,
  type Compressor,
  type ContentKind,
  ccrKey,
  formatMarker,
  parseMarkers,
  skipped,
} from '@headroom/contracts';
import {
  type NamedKind,
  type NumberedRead,
  detectContent,
  kindOfName,
  parseNumberedRead,
} from '@headroom/router';
import { outlineBlocks } from './block-outline';
import { renumberLines } from './numbered-lines';
import { DEFAULT_MIN_CHARS, guardInput } from './squash-guard';
import { squashOutcome } from './squash-outcome';

/** Compresses the content of a numbered read: the pipeline's own routing, by kind. */
export type CompressContent = (input: CompressInput) => Promise<CompressOutcome>;

export type NumberedReadOptions = { minChars: number };

export const DEFAULT_NUMBERED_READ_OPTIONS: NumberedReadOptions = { minChars: DEFAULT_MIN_CHARS };

// Kinds whose content may be code in a language without a grammar here:
// the router calls an unknown language prose when it recognises none.
const OUTLINE_KINDS: ReadonlySet<ContentKind> = new Set(['code', 'prose']);

const PATH_IN_HEAD = /(?:^|[\s`'"(])(?:[\w.-]*\/)*[\w-]+\.([A-Za-z]{1,5})\b/;

/**
 * File reads with numbered lines (`cat -n`, an agent's Read tool). The numbers
 * are stripped, the content goes to the compressor of its own kind, and every
 * line the output keeps gets its true number back, byte for byte as the tool
 * printed it; each run of elided lines is one marker that names its lines.
 * Every marker names the whole read as printed, numbers included, so a
 * retrieval gives back exactly what the tool returned.
 */
export class NumberedReadCompressor implements Compressor {
  readonly name = 'numbered-read';
  readonly kinds: readonly ContentKind[] = ['numbered'];
  private readonly options: NumberedReadOptions;

  constructor(
    private readonly compressContent: CompressContent,
    options: Partial<NumberedReadOptions> = {},
  ) {
    this.options = { ...DEFAULT_NUMBERED_READ_OPTIONS, ...options };
  }

  async compress(input: CompressInput): Promise<CompressOutcome> {
    const guard = guardInput(input, this.options.minChars, 1);
    if (guard) {
      return guard;
    }
    const read = parseNumberedRead(input.text);
    if (!read) {
      return skipped('not-compressible', 'not a numbered read');
    }
    const content = read.body.map((line) => line.content).join('\n');
    const { kind, language } = contentKind(read, content, input.sourceKind);
    if (kind === 'numbered' || kind === 'binary' || kind === 'unknown') {
      return skipped('unsupported', `numbered ${kind}`);
    }

    const candidates = await this.candidates(input, content, kind, language);
    if (candidates.length === 0) {
      return skipped('no-gain', 'the content compressed to nothing smaller');
    }

    const key = ccrKey(input.text);
    const marker = (note: string) => formatMarker(key, note);
    const rendered = candidates
      .map((candidate) => {
        const lines = renumberLines(read, candidate.text, marker);
        const text = [...read.head, ...lines.lines, ...read.tail].join('\n');

        return { ...lines, text, candidate };
      })
      // Lines without their numbers are what this compressor exists to avoid:
      // output that rewrote more lines than it kept (JSON Lines turned into
      // an array) is not a numbered read any more.
      .filter((result) => result.rewritten <= result.kept);
    if (rendered.length === 0) {
      return skipped('not-compressible', 'the content compressor rewrote the lines');
    }
    // The shortest wins; on a tie the content's own compressor, listed first.
    const best = rendered.reduce((left, right) =>
      right.text.length < left.text.length ? right : left,
    );

    return squashOutcome(
      input.text,
      {
        text: best.text,
        transforms: ['numbered:renumbered', ...best.candidate.transforms],
        itemCount: best.total,
        keptCount: best.kept,
      },
      'numbered',
      this.name,
    );
  }

  /**
   * The content's own compressor, and for code or text that may be code an
   * outline by indentation: most files agents read are in languages no
   * grammar here parses. Only lossy results count: the numbers of rewritten
   * lines cannot be put back, so a lossless rewrite is no use here.
   */
  private async candidates(
    input: CompressInput,
    content: string,
    kind: ContentKind,
    language: CodeLanguage | undefined,
  ): Promise<{ text: string; transforms: string[] }[]> {
    const candidates: { text: string; transforms: string[] }[] = [];
    const key = ccrKey(content);
    const outline = OUTLINE_KINDS.has(kind)
      ? outlineBlocks(content, input.query, (note) => formatMarker(key, note))
      : undefined;
    // Text with definitions and bodies is code in a language the router does
    // not know: picking its "sentences" would cost time and say less.
    if (!(outline && kind === 'prose')) {
      // The content's kind is decided, so what the call named is used up; and
      // the read passed its size floor as a whole, so its content (the same
      // lines less their numbers) is not held to that floor a second time.
      const { sourceKind: _used, ...rest } = input;
      const inner = await this.compressContent({
        ...rest,
        text: content,
        kind,
        language,
        minChars: 0,
      });
      if (inner.status === 'compressed' && parseMarkers(inner.text).length > 0) {
        candidates.push(inner);
      }
    }
    if (outline) candidates.push({ text: outline.text, transforms: ['outline:bodies'] });

    return candidates;
  }
}

/**
 * What the content of a read is: the file the tool call named, else a path
 * in the read's first lines, else the content itself.
 */
function contentKind(
  read: NumberedRead,
  content: string,
  sourceKind: NamedKind | undefined,
): NamedKind {
  // The call's argument is the file the agent asked for, exactly; a path in
  // the first lines is a pattern's guess at what the tool printed, and may be
  // any file the head mentions. Either says more than a short file or JSON
  // that does not look like JSON.
  if (sourceKind) {
    return sourceKind;
  }
  const named = read.head
    .map((line) => PATH_IN_HEAD.exec(line)?.[1])
    .map((extension) => (extension === undefined ? undefined : kindOfName(extension)))
    .find((kind) => kind !== undefined);
  if (named) {
    return named;
  }
  const detection = detectContent(content);

  return { kind: detection.kind, language: detection.language };
}
