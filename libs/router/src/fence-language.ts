import type { CodeLanguage, ContentKind } from '@headroom/contracts';

export type NamedKind = { kind: ContentKind; language?: CodeLanguage };

// The words a fence's info string or a file's extension uses for a kind.
const KIND_BY_NAME: Readonly<Record<string, NamedKind>> = {
  ts: { kind: 'code', language: 'typescript' },
  mts: { kind: 'code', language: 'typescript' },
  cts: { kind: 'code', language: 'typescript' },
  typescript: { kind: 'code', language: 'typescript' },
  tsx: { kind: 'code', language: 'tsx' },
  js: { kind: 'code', language: 'javascript' },
  jsx: { kind: 'code', language: 'javascript' },
  javascript: { kind: 'code', language: 'javascript' },
  mjs: { kind: 'code', language: 'javascript' },
  cjs: { kind: 'code', language: 'javascript' },
  py: { kind: 'code', language: 'python' },
  python: { kind: 'code', language: 'python' },
  go: { kind: 'code', language: 'go' },
  golang: { kind: 'code', language: 'go' },
  rs: { kind: 'code', language: 'rust' },
  rust: { kind: 'code', language: 'rust' },
  java: { kind: 'code', language: 'java' },
  c: { kind: 'code', language: 'c' },
  h: { kind: 'code', language: 'c' },
  cpp: { kind: 'code', language: 'cpp' },
  'c++': { kind: 'code', language: 'cpp' },
  cc: { kind: 'code', language: 'cpp' },
  hpp: { kind: 'code', language: 'cpp' },
  rb: { kind: 'code', language: 'ruby' },
  ruby: { kind: 'code', language: 'ruby' },
  sh: { kind: 'code', language: 'shell' },
  bash: { kind: 'code', language: 'shell' },
  zsh: { kind: 'code', language: 'shell' },
  shell: { kind: 'code', language: 'shell' },
  cs: { kind: 'code', language: 'csharp' },
  csharp: { kind: 'code', language: 'csharp' },
  php: { kind: 'code', language: 'php' },
  json: { kind: 'json' },
  jsonl: { kind: 'json' },
  diff: { kind: 'diff' },
  patch: { kind: 'diff' },
  html: { kind: 'html' },
  log: { kind: 'log' },
  md: { kind: 'markdown' },
  markdown: { kind: 'markdown' },
};

/** What a fence's info string (```ts, ```python title="x") says about its body. */
export function fenceKind(info: string): NamedKind | undefined {
  return kindOfName(info.trim().split(/[\s{]/, 1)[0] ?? '');
}

/** What a language name or file extension (`ts`, `python`, `md`) says a text is. */
export function kindOfName(name: string): NamedKind | undefined {
  return Object.hasOwn(KIND_BY_NAME, name.toLowerCase())
    ? KIND_BY_NAME[name.toLowerCase()]
    : undefined;
}

/**
 * What a file's name says it is, by the extension of its base name
 * (`src/app.ts`, `C:\work\Data.JSON`); nothing for a name without one.
 */
export function kindOfPath(path: string): NamedKind | undefined {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');

  return dot > 0 ? kindOfName(name.slice(dot + 1)) : undefined;
}

/**
 * The kind a block is routed as, given what the file its tool call named
 * is. The name decides only where content alone is weak evidence about
 * code: text the detector found no structure in, and the language of code
 * (a short TypeScript file reads as JavaScript). The code compressor checks
 * its own work (the output must re-parse) and leaves what does not parse
 * alone, so a name that lies (a Grep whose `path` is one file) costs
 * savings, never content. Other kinds keep what the content says: JSON the
 * detector does not recognise is JSON the JSON compressor cannot parse
 * either (cut short, with comments, behind a line number), so naming it
 * JSON would only turn off the squasher that can shorten it; and shapes the
 * detector recognised (logs, search results, a diff) beat any name.
 */
export function routedKind(detected: NamedKind, named: NamedKind | undefined): NamedKind {
  if (named?.kind !== 'code') return detected;

  return detected.kind === 'prose' || detected.kind === 'code' ? named : detected;
}
