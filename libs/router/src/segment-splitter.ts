import type { Detection, Segment } from './content-detection.types';
import { detectContent } from './content-detector';
import { fenceKind } from './fence-language';
import { findJsonEnd } from './json-block-scanner';

type Piece = {
  start: number;
  end: number;
  role: 'text' | 'fence' | 'fenced' | 'json';
  info?: string;
};

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})([^`\n]*)$/;
const MIN_EMBEDDED_JSON = 40;
const VERBATIM: Detection = { kind: 'markdown', confidence: 1, reason: 'fence' };

/**
 * Splits a block into routed segments: fenced code, JSON embedded in prose,
 * and the text between them. A block with no such pieces is one segment.
 * The segments always tile the input exactly.
 */
export function splitSegments(text: string): Segment[] {
  const whole = detectContent(text);
  if (
    whole.kind === 'json' ||
    whole.kind === 'binary' ||
    whole.kind === 'html' ||
    whole.kind === 'diff'
  ) {
    return [segment(text, 0, text.length, whole, false)];
  }
  const pieces = findPieces(text);
  if (pieces.every((piece) => piece.role === 'text')) {
    return [segment(text, 0, text.length, whole, false)];
  }

  return pieces.map((piece) => toSegment(text, piece));
}

/** Re-joins segments, replacing those whose index is in `replacements`. */
export function joinSegments(
  segments: readonly Segment[],
  replacements: ReadonlyMap<number, string> = new Map(),
): string {
  return segments.map((part, index) => replacements.get(index) ?? part.text).join('');
}

function toSegment(text: string, piece: Piece): Segment {
  const slice = text.slice(piece.start, piece.end);
  if (piece.role === 'fence' || slice.trim() === '') {
    return segment(text, piece.start, piece.end, VERBATIM, true);
  }
  if (piece.role === 'fenced') {
    const declared = fenceKind(piece.info ?? '');
    const detected = detectContent(slice);
    const detection: Detection = declared
      ? {
          kind: declared.kind,
          language: declared.language,
          confidence: 0.95,
          reason: `fence:${piece.info?.trim()}`,
        }
      : detected;

    return segment(text, piece.start, piece.end, detection, false);
  }
  if (piece.role === 'json') {
    return segment(
      text,
      piece.start,
      piece.end,
      { kind: 'json', confidence: 1, reason: 'embedded-json' },
      false,
    );
  }

  return segment(text, piece.start, piece.end, detectContent(slice), false);
}

function segment(
  text: string,
  start: number,
  end: number,
  detection: Detection,
  verbatim: boolean,
): Segment {
  return { start, end, text: text.slice(start, end), detection, verbatim };
}

function findPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  let textStart = 0;
  let offset = 0;
  while (offset < text.length) {
    const lineEnd = nextLineEnd(text, offset);
    const line = text.slice(offset, lineEnd).replace(/\r$/, '');
    const fence = FENCE_OPEN.exec(line);
    const found = fence
      ? fencedBlock(text, offset, lineEnd, fence[1], fence[2])
      : jsonBlock(text, offset, line);
    if (found) {
      pushText(pieces, textStart, offset);
      pieces.push(...found.pieces);
      offset = found.end;
      textStart = offset;
      continue;
    }
    offset = lineEnd + 1;
  }
  pushText(pieces, textStart, text.length);

  return pieces;
}

function fencedBlock(
  text: string,
  start: number,
  lineEnd: number,
  marker: string,
  info: string,
): { pieces: Piece[]; end: number } | undefined {
  let offset = lineEnd + 1;
  while (offset <= text.length) {
    const end = nextLineEnd(text, offset);
    const line = text.slice(offset, end).replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed.length >= marker.length && trimmed[0] === marker[0] && /^(`+|~+)$/.test(trimmed)) {
      const closeEnd = Math.min(text.length, end + 1);
      const bodyStart = Math.min(text.length, lineEnd + 1);

      return {
        end: closeEnd,
        pieces: [
          { start, end: bodyStart, role: 'fence' },
          ...(offset > bodyStart
            ? [{ start: bodyStart, end: offset, role: 'fenced' as const, info }]
            : []),
          { start: offset, end: closeEnd, role: 'fence' },
        ],
      };
    }
    if (end >= text.length) {
      return undefined;
    }
    offset = end + 1;
  }

  return undefined;
}

function jsonBlock(
  text: string,
  start: number,
  line: string,
): { pieces: Piece[]; end: number } | undefined {
  const first = line.trimStart()[0];
  if (first !== '{' && first !== '[') {
    return undefined;
  }
  const open = start + line.indexOf(first);
  const close = findJsonEnd(text, open);
  if (close === undefined || close - open < MIN_EMBEDDED_JSON) {
    return undefined;
  }
  const lineEnd = nextLineEnd(text, close);
  if (text.slice(close, lineEnd).trim() !== '' || !parses(text.slice(open, close))) {
    return undefined;
  }
  const end = Math.min(text.length, lineEnd + 1);

  return { end, pieces: [{ start, end, role: 'json' }] };
}

function parses(candidate: string): boolean {
  try {
    JSON.parse(candidate);
    return true;
  } catch {
    return false;
  }
}

function pushText(pieces: Piece[], start: number, end: number): void {
  if (end > start) {
    pieces.push({ start, end, role: 'text' });
  }
}

function nextLineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);

  return end === -1 ? text.length : end;
}
