import type { CodeLanguage, ContentKind } from '@headroom/contracts';

type FenceKind = { kind: ContentKind; language?: CodeLanguage };

const FENCE_INFO: Readonly<Record<string, FenceKind>> = {
  ts: { kind: 'code', language: 'typescript' },
  typescript: { kind: 'code', language: 'typescript' },
  tsx: { kind: 'code', language: 'tsx' },
  js: { kind: 'code', language: 'javascript' },
  jsx: { kind: 'code', language: 'javascript' },
  javascript: { kind: 'code', language: 'javascript' },
  mjs: { kind: 'code', language: 'javascript' },
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
export function fenceKind(info: string): FenceKind | undefined {
  const word = info.trim().split(/[\s{]/, 1)[0]?.toLowerCase() ?? '';

  return FENCE_INFO[word];
}
