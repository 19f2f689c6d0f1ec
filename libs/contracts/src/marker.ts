import { createHash } from 'node:crypto';

/**
 * The one marker grammar. Every lossy transformation, in every compressor,
 * leaves `[[headroom:<key> <note>]]` where the dropped content was. The key
 * names the original in the CCR store; the note tells the model what is
 * missing and how to get it back.
 *
 * The shape is plain ASCII with no quote or backslash, so it can sit inside a
 * JSON string, a code comment or a log line without escaping.
 */
export const CCR_KEY_HEX_LENGTH = 24;

const KEY_SOURCE = `[0-9a-f]{${CCR_KEY_HEX_LENGTH}}`;
const NOTE_MAX_LENGTH = 160;

export const MARKER_SOURCE = `\\[\\[headroom:(${KEY_SOURCE})(?: ([^\\]\\n]{0,${NOTE_MAX_LENGTH}}))?\\]\\]`;

/** A fresh global pattern; callers never share `lastIndex` state. */
export function markerPattern(): RegExp {
  return new RegExp(MARKER_SOURCE, 'g');
}

const KEY_PATTERN = new RegExp(`^${KEY_SOURCE}$`);

export type MarkerMatch = {
  key: string;
  note: string;
  index: number;
  length: number;
};

/** 96 bits of SHA-256 over the exact content: same content, same key, everywhere. */
export function ccrKey(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex').slice(0, CCR_KEY_HEX_LENGTH);
}

export function isCcrKey(value: unknown): value is string {
  return typeof value === 'string' && KEY_PATTERN.test(value);
}

export function formatMarker(key: string, note = ''): string {
  if (!isCcrKey(key)) {
    throw new TypeError(`not a CCR key: ${String(key).slice(0, 40)}`);
  }

  const cleanNote = note
    .replace(/[\]\n\r]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, NOTE_MAX_LENGTH);

  return cleanNote ? `[[headroom:${key} ${cleanNote}]]` : `[[headroom:${key}]]`;
}

export function parseMarkers(text: string): MarkerMatch[] {
  const matches: MarkerMatch[] = [];

  for (const match of text.matchAll(markerPattern())) {
    matches.push({
      key: match[1],
      note: match[2] ?? '',
      index: match.index,
      length: match[0].length,
    });
  }

  return matches;
}

export function containsMarker(text: string): boolean {
  return markerPattern().test(text);
}
