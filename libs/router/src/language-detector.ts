import type { CodeLanguage } from '@headroom/contracts';

export type LanguageGuess = { language: CodeLanguage; hits: number; ratio: number };

type LanguageRule = { language: CodeLanguage; patterns: readonly RegExp[] };

// Line-level signatures. A line counts once per language, so a file full of
// braces does not look like every brace language at the same time; ties are
// broken by table order, which lists the stricter grammars first.
const LANGUAGE_RULES: readonly LanguageRule[] = [
  {
    language: 'typescript',
    patterns: [
      /^\s*(?:export\s+)?(?:interface|type|enum|namespace)\s+\w+.*[={]/,
      /^\s*import\s+(?:type\s+)?[\w*{][^;]*from\s+['"][^'"]+['"];?$/,
      /:\s*(?:string|number|boolean|void|unknown|never|Promise<[^>]+>|readonly\s+\w+)\b/,
      /^\s*(?:public|private|protected|readonly)\s+\w+[?!]?\s*[:(]/,
      /\bas\s+const\b|<[A-Z]\w*(?:,\s*[A-Z]\w*)*>\(/,
    ],
  },
  {
    language: 'javascript',
    patterns: [
      /^\s*(?:const|let|var)\s+[\w{[][^=]*=\s*/,
      /^\s*(?:export\s+(?:default\s+)?)?(?:async\s+)?function\s*\*?\s*\w*\s*\(/,
      /=>\s*[{(]?/,
      /\brequire\(['"][^'"]+['"]\)|\bmodule\.exports\b/,
      /^\s*(?:import|export)\s+[\w*{]/,
      /\bconsole\.\w+\(|\bdocument\.\w+|\bwindow\.\w+/,
    ],
  },
  {
    language: 'python',
    patterns: [
      /^\s*def\s+\w+\s*\(.*\)\s*(?:->\s*[^:]+)?:\s*(?:#.*)?$/,
      /^\s*class\s+\w+(?:\([^)]*\))?:\s*$/,
      /^\s*(?:from\s+[\w.]+\s+import\s+|import\s+[\w.]+(?:\s+as\s+\w+)?\s*$)/,
      /^\s*(?:if|elif|while|for|with|try|except|else|finally)\b.*:\s*$/,
      /^\s*@\w+(?:\.\w+)*(?:\(.*\))?\s*$/,
      /\bself\.\w+|\bNone\b|\bTrue\b|\bFalse\b/,
      /^\s*(?:print|return|raise|yield)\b/,
    ],
  },
  {
    language: 'go',
    patterns: [
      /^package\s+\w+\s*$/,
      /^\s*func\s+(?:\([^)]*\)\s*)?\w+\s*\(/,
      /^\s*import\s+(?:\(|"[^"]+")/,
      /:=/,
      /\bif\s+err\s*!=\s*nil\b/,
      /^\s*type\s+\w+\s+(?:struct|interface)\s*\{/,
      /\bfmt\.\w+\(|\bchan\s+\w+|\bgo\s+func\b/,
    ],
  },
  {
    language: 'rust',
    patterns: [
      /^\s*(?:pub(?:\([\w:]+\))?\s+)?(?:async\s+)?fn\s+\w+\s*(?:<[^>]*>)?\s*\(/,
      /^\s*use\s+[\w:]+(?:::\{[^}]*\})?(?:::\*)?;$/,
      /^\s*(?:pub\s+)?(?:struct|enum|trait|impl|mod)\b/,
      /\blet\s+(?:mut\s+)?\w+(?::\s*[\w<>&']+)?\s*=/,
      /&(?:mut\s+)?self\b|\bSome\(|\bOk\(|\bErr\(|::new\(/,
      /^\s*#\[\w+/,
      /\w!\(/,
    ],
  },
  {
    language: 'java',
    patterns: [
      /^\s*(?:public|private|protected)\s+(?:static\s+)?(?:final\s+)?(?:class|interface|enum|record)\s+\w+/,
      /^\s*(?:public|private|protected)\s+(?:static\s+)?(?:final\s+)?[\w<>[\],\s]+\s+\w+\s*\([^)]*\)\s*(?:throws\s+[\w,\s]+)?\{?\s*$/,
      /^\s*import\s+(?:static\s+)?[\w.]+(?:\.\*)?;$/,
      /^\s*package\s+[\w.]+;$/,
      /^\s*@(?:Override|Test|Autowired|Deprecated|SuppressWarnings)\b/,
      /\bSystem\.out\.print|\bnew\s+[A-Z]\w*(?:<[^>]*>)?\(/,
    ],
  },
  {
    language: 'cpp',
    patterns: [
      /^\s*#include\s*<(?:iostream|vector|string|map|memory|algorithm|unordered_map)>/,
      /\bstd::\w+/,
      /^\s*(?:template\s*<|namespace\s+\w+|using\s+namespace\s+)/,
      /^\s*class\s+\w+(?:\s*:\s*(?:public|private|protected)\s+\w+)?\s*\{?$/,
      /\w::\w+\s*\(/,
    ],
  },
  {
    language: 'c',
    patterns: [
      /^\s*#include\s*[<"][\w./]+\.h[>"]/,
      /^\s*#(?:define|ifdef|ifndef|endif|pragma)\b/,
      /^\s*(?:static\s+)?(?:const\s+)?(?:unsigned\s+)?(?:int|char|void|long|short|float|double|size_t|struct\s+\w+)\s*\**\s*\w+\s*\([^;]*\)\s*\{?\s*$/,
      /\b(?:printf|malloc|free|sizeof|memcpy|strlen)\s*\(/,
      /->\w+/,
    ],
  },
  {
    language: 'ruby',
    patterns: [
      /^\s*def\s+(?:self\.)?\w+[?!=]?(?:\(.*\))?\s*$/,
      /^\s*(?:class|module)\s+[A-Z]\w*(?:\s*<\s*[A-Z][\w:]*)?\s*$/,
      /^\s*end\s*$/,
      /^\s*require(?:_relative)?\s+['"][^'"]+['"]\s*$/,
      /\bdo\s*(?:\|[^|]*\|)?\s*$/,
      /^\s*(?:attr_(?:reader|writer|accessor)|puts|include|extend)\s/,
      /@\w+\s*=|:\w+\s*=>/,
    ],
  },
  {
    language: 'shell',
    patterns: [
      /^#!\s*\/(?:usr\/)?bin\/(?:env\s+)?(?:ba|z|k)?sh\b/,
      /^\s*(?:if|while|for|until)\s+.*;\s*(?:then|do)\s*$/,
      /^\s*(?:fi|done|esac|then|do)\s*$/,
      /^\s*(?:export\s+)?[A-Z_][A-Z0-9_]*=(?:"[^"]*"|'[^']*'|\S*)\s*$/,
      /\$\{?\w+\}?|\$\(/,
      /^\s*(?:echo|cd|mkdir|rm|cp|mv|chmod|sudo|apt-get|set -e|source)\b/,
      /\s(?:&&|\|\|)\s|\s\|\s\w/,
    ],
  },
];

const SAMPLE_LINES = 200;

/** Scores each language on the first lines and returns the best, or undefined. */
export function guessLanguage(lines: readonly string[]): LanguageGuess | undefined {
  const sample = lines.slice(0, SAMPLE_LINES).filter((line) => line.trim() !== '');
  if (sample.length === 0) {
    return undefined;
  }

  let best: LanguageGuess | undefined;
  for (const rule of LANGUAGE_RULES) {
    let hits = 0;
    for (const line of sample) {
      if (rule.patterns.some((pattern) => pattern.test(line))) {
        hits += 1;
      }
    }
    if (best === undefined || hits > best.hits) {
      best = { language: rule.language, hits, ratio: hits / sample.length };
    }
  }

  return best && best.hits > 0 ? refine(best, sample) : undefined;
}

// TypeScript and JavaScript share most lines; the type-only syntax decides.
function refine(guess: LanguageGuess, sample: readonly string[]): LanguageGuess {
  if (guess.language !== 'javascript') {
    return guess;
  }
  const typed = sample.filter((line) =>
    /^\s*(?:export\s+)?(?:interface|type)\s+\w+|:\s*(?:string|number|boolean)\b/.test(line),
  ).length;

  return typed >= 2 ? { ...guess, language: 'typescript' } : guess;
}
