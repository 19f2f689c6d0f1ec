/** What a block of text is, as decided by the content router. */
export const CONTENT_KINDS = [
  'json',
  'code',
  // A file read whose lines carry their numbers (`cat -n`, an agent's Read tool).
  'numbered',
  'html',
  'log',
  'search',
  'diff',
  'listing',
  'build',
  'markdown',
  'prose',
  'binary',
  'unknown',
] as const;

export type ContentKind = (typeof CONTENT_KINDS)[number];

export const CODE_LANGUAGES = [
  'typescript',
  'tsx',
  'javascript',
  'python',
  'go',
  'rust',
  'java',
  'c',
  'cpp',
  'ruby',
  'shell',
  'csharp',
  'php',
] as const;

export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

export function isContentKind(value: unknown): value is ContentKind {
  return typeof value === 'string' && (CONTENT_KINDS as readonly string[]).includes(value);
}
