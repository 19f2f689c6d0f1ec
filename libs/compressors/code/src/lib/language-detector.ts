import type { CodeLanguage } from '@headroom/contracts';

// Cheap evidence for when the router sends code without a language: a
// shebang decides at once; otherwise each language scores the lines that
// only it would write. The re-parse check guards a wrong guess.
const SHEBANGS: ReadonlyArray<[RegExp, CodeLanguage]> = [
  [/^#!.*\bpython[\d.]*\b/, 'python'],
  [/^#!.*\b(ba|z|k|da)?sh\b/, 'shell'],
  [/^#!.*\bruby\b/, 'ruby'],
  [/^#!.*\b(node|deno|bun)\b/, 'javascript'],
  [/^#!.*\bphp\b/, 'php'],
];

const LINE_EVIDENCE: ReadonlyArray<[CodeLanguage, RegExp]> = [
  ['python', /^\s*(def \w+\(.*\).*:|class \w+(\(.*\))?:|from [\w.]+ import |elif |@\w+(\.\w+)*$)/],
  ['go', /^(package \w+$|func (\(\w+ \*?\w+\) )?\w+\(|\s+\w+(, \w+)* := )/],
  ['rust', /^\s*(pub(\(crate\))? )?(fn \w+|impl\b|use \w+::|mod \w+;|let mut |#\[derive)/],
  [
    'java',
    /^\s*(import java\.|package [\w.]+;|(public|private|protected) (static )?(final )?class )/,
  ],
  ['csharp', /^\s*(using System|namespace [\w.]+|\[\w+(\(.*\))?\]$|.*\{ get; (set; )?\})/],
  [
    'cpp',
    /^\s*(#include\s*[<"]|template\s*<|#define |#ifn?def )|std::|\w->\w|\b(printf|malloc|sizeof)\(/,
  ],
  [
    'ruby',
    /^\s*(require ['"]|def \w+[?!]?(\(.*\))?$|module [A-Z]\w*$|end$|attr_(reader|accessor) )/,
  ],
  ['shell', /^\s*(fi|esac|done|then)$|^\s*(if \[|export \w+=|local \w+=)/],
  [
    'typescript',
    /^\s*(export )?(interface \w+|type \w+(<.*>)? =|enum \w+ \{)|: (string|number|boolean|void)\b|\): \w+(<.*>)?(\[\])? \{$/,
  ],
  [
    'javascript',
    /^\s*((const|let|var) \w+ = require\(|import .* from ['"]|export (default )?(function|class|const) |(async )?function\*? \w+\(.*\) \{$|\w+\(.*\) \{$)|module\.exports\b|=> \{$/,
  ],
];

const JSX = /<([A-Z]\w*|[a-z]+)(\s[^<>]*)?>[^<>\n]*<\/\1>|<[A-Z]\w*[^<>]*\/>/;
const SAMPLE_LINES = 200;
const MIN_EVIDENCE = 3;

export function detectLanguage(text: string): CodeLanguage | undefined {
  const firstLine = text.split('\n', 1)[0];
  const shebang = SHEBANGS.find(([pattern]) => pattern.test(firstLine));
  if (shebang) {
    return shebang[1];
  }
  if (/^\s*<\?php\b/.test(text)) {
    return 'php';
  }

  const scores = new Map<CodeLanguage, number>();
  for (const line of text.split('\n', SAMPLE_LINES)) {
    for (const [language, pattern] of LINE_EVIDENCE) {
      if (pattern.test(line)) {
        scores.set(language, (scores.get(language) ?? 0) + 1);
      }
    }
  }
  let best: CodeLanguage | undefined;
  let bestScore = MIN_EVIDENCE - 1;
  for (const [language, score] of scores) {
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  const typed = (scores.get('typescript') ?? 0) >= MIN_EVIDENCE;
  // TypeScript is a superset: JavaScript evidence alongside it still means TypeScript.
  if (best === 'javascript' && typed) {
    best = 'typescript';
  }
  // Only the tsx grammar reads JSX with types; the JavaScript grammar reads plain JSX.
  if (best === 'typescript' && JSX.test(text)) {
    return 'tsx';
  }

  return best;
}
