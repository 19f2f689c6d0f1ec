type CountTokens = (text: string, options: { disallowedSpecial: Set<string> }) => number;

// Each vocabulary costs tens of MB once loaded: load one only when a model of
// its family is first counted.
const encodings = new Map<string, CountTokens>();

function encoding(name: 'o200k_base' | 'cl100k_base'): CountTokens {
  let count = encodings.get(name);
  if (!count) {
    count =
      name === 'o200k_base'
        ? (require('gpt-tokenizer/cjs/encoding/o200k_base') as { countTokens: CountTokens })
            .countTokens
        : (require('gpt-tokenizer/cjs/encoding/cl100k_base') as { countTokens: CountTokens })
            .countTokens;
    encodings.set(name, count);
  }

  return count;
}

export type TokenizerName = 'o200k_base' | 'cl100k_base' | 'anthropic_estimate';

export type Tokenizer = {
  readonly name: TokenizerName;
  count(text: string): number;
};

// Text from clients may contain strings such as `<|endoftext|>`; they are
// ordinary text to us and must be counted, not rejected.
const AS_TEXT = { disallowedSpecial: new Set<string>() };

// BPE merging is quadratic in the length of one unbroken run of characters:
// 50 KB of a single letter takes seconds. Text is counted in pieces cut at
// whitespace (where the tokenizer splits anyway, so the count is unchanged)
// and unbroken runs longer than RUN_LIMIT are cut at that length, which can
// move the count by a token per cut on such runs only.
const PIECE_LIMIT = 8_192;
const RUN_LIMIT = 256;

// gpt-tokenizer remembers merged words in a cache of up to 100,000 keys, and
// a key is a slice of the string it was given: in V8 a slice of 13 or more
// characters keeps its whole parent alive. Handing it a private copy of each
// piece lets a cached word pin at most that piece (8 KB), not the request body
// or tool output the piece was cut from (the soak found 200 whole texts,
// 7.7 MB, pinned after 1,300 requests, and the count grows with the cache).
// utf16le round-trips every code unit, lone surrogates included.
function privateCopy(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

function countInPieces(rawCount: (text: string) => number, text: string): number {
  const count = (piece: string) => rawCount(privateCopy(piece));
  if (text.length <= RUN_LIMIT) return count(text);

  let total = 0;
  let start = 0;
  let runStart = 0;
  for (let index = 0; index < text.length; index += 1) {
    const isSpace = text.charCodeAt(index) <= 0x20;
    if (isSpace) {
      runStart = index + 1;
      if (index - start >= PIECE_LIMIT && index > start) {
        total += count(text.slice(start, index));
        start = index;
      }
    } else if (index - runStart >= RUN_LIMIT) {
      total += count(text.slice(start, index));
      start = index;
      runStart = index;
    }
  }

  return total + count(text.slice(start));
}

const o200k: Tokenizer = {
  name: 'o200k_base',
  count: (text) => countInPieces((piece) => encoding('o200k_base')(piece, AS_TEXT), text),
};

const cl100k: Tokenizer = {
  name: 'cl100k_base',
  count: (text) => countInPieces((piece) => encoding('cl100k_base')(piece, AS_TEXT), text),
};

/**
 * Anthropic publishes no tokenizer for current Claude models. We count with
 * cl100k_base and scale by 1.1, which tracks Claude's reported input tokens on
 * English text, code and JSON within a few percent. Before and after counts use
 * the same estimate, so the saved share is faithful even where the absolute
 * number is off; billed numbers come from the provider's `usage` fields.
 */
const ANTHROPIC_SCALE = 1.1;

const anthropicEstimate: Tokenizer = {
  name: 'anthropic_estimate',
  count: (text) => Math.ceil(cl100k.count(text) * ANTHROPIC_SCALE),
};

const CL100K_MODELS = /^(gpt-4(?!o|\.1|\.5)|gpt-3\.5|text-embedding-(ada|3)|davinci|babbage)/;

export function tokenizerFor(model: string | undefined): Tokenizer {
  const name = (model ?? '').toLowerCase().replace(/^[a-z0-9-]+\//, '');

  if (name.startsWith('claude') || name.startsWith('anthropic.')) {
    return anthropicEstimate;
  }
  if (CL100K_MODELS.test(name)) {
    return cl100k;
  }

  return o200k;
}

const BY_NAME: Record<TokenizerName, Tokenizer> = {
  o200k_base: o200k,
  cl100k_base: cl100k,
  anthropic_estimate: anthropicEstimate,
};

export function tokenizerByName(name: TokenizerName): Tokenizer {
  return BY_NAME[name];
}
