import type { Detection } from './content-detection.types';
import { isPaddedWithJsonWhitespace, rememberJsonDocument } from './json-document';

// Detectors for content whose shape is decided by syntax rather than by line
// statistics: binary payloads, JSON, JSON lines and HTML.

export function detectBinary(text: string): Detection | undefined {
  const probe = text.slice(0, 4096);
  let control = 0;
  for (let index = 0; index < probe.length; index += 1) {
    const code = probe.charCodeAt(index);
    if (code === 0) {
      return { kind: 'binary', confidence: 1, reason: 'nul-byte' };
    }
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) {
      control += 1;
    }
  }
  if (probe.length > 0 && control / probe.length > 0.1) {
    return { kind: 'binary', confidence: 0.9, reason: 'control-chars' };
  }

  return detectBase64(text);
}

const MIN_BASE64_CHARS = 256;
// The payload must start within this many characters, whitespace aside.
const BASE64_LEAD = 1_024;

/**
 * A base64 (or base64url) payload, optionally a data URL: at least 256
 * alphabet characters and nothing else but whitespace. One pass that stops
 * at the first character outside the alphabet, which for JSON, logs and
 * prose is the first or second one, so ruling base64 out costs nothing
 * however long the block is.
 */
function detectBase64(text: string): Detection | undefined {
  const compact = text.trim();
  if (compact.length < MIN_BASE64_CHARS) {
    return undefined;
  }
  const body = compact.startsWith('data:') ? compact.slice(compact.indexOf(',') + 1) : compact;
  let payload = 0;
  for (let index = 0; index < body.length; index += 1) {
    const code = body.charCodeAt(index);
    if (isBase64Char(code)) {
      payload += 1;
    } else if (!isWhitespace(code)) {
      return undefined;
    } else if (payload === 0 && index + 1 >= BASE64_LEAD) {
      return undefined;
    }
  }
  // Words separated by spaces near the start are language, not a payload.
  if (payload >= MIN_BASE64_CHARS && !/\s\S+\s/.test(body.slice(0, 200))) {
    return { kind: 'binary', confidence: 0.95, reason: 'base64' };
  }

  return undefined;
}

// A-Z a-z 0-9 + / = and the URL-safe - _.
function isBase64Char(code: number): boolean {
  return (
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    (code >= 48 && code <= 57) ||
    code === 43 ||
    code === 47 ||
    code === 61 ||
    code === 45 ||
    code === 95
  );
}

// What `\s` matches in a regular expression, ASCII first.
function isWhitespace(code: number): boolean {
  if (code < 128) {
    return code === 32 || (code >= 9 && code <= 13);
  }

  return /\s/.test(String.fromCharCode(code));
}

/**
 * JSON documents and JSON lines. The parsed document is remembered for the
 * JSON compressor, when it is exactly what that compressor would parse.
 */
export function detectJson(text: string): Detection | undefined {
  const trimmed = text.trim();
  const first = trimmed[0];
  if (first !== '{' && first !== '[') {
    return undefined;
  }
  const last = trimmed[trimmed.length - 1];
  if ((first === '{' && last === '}') || (first === '[' && last === ']')) {
    const value = parseOrUndefined(trimmed);
    if (value !== undefined) {
      if (isPaddedWithJsonWhitespace(text, trimmed)) {
        rememberJsonDocument(text, { value, lines: false });
      }
      return { kind: 'json', confidence: 1, reason: first === '[' ? 'json-array' : 'json-object' };
    }
  }

  return detectJsonLines(text, trimmed);
}

function detectJsonLines(text: string, trimmed: string): Detection | undefined {
  const lines = trimmed.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < 2) {
    return undefined;
  }
  const values: unknown[] = [];
  // The compressor parses each line untrimmed; it gets the same values only
  // if no line (and not the block) was padded with other whitespace.
  let reusable = isPaddedWithJsonWhitespace(text, trimmed);
  for (const line of lines) {
    const value = line.trim();
    const parsed =
      value.startsWith('{') || value.startsWith('[') ? parseOrUndefined(value) : undefined;
    if (parsed === undefined) {
      return undefined;
    }
    values.push(parsed);
    reusable &&= isPaddedWithJsonWhitespace(line, value);
  }
  if (reusable) {
    rememberJsonDocument(text, { value: values, lines: true });
  }

  return { kind: 'json', confidence: 0.95, reason: 'json-lines' };
}

// JSON.parse never returns undefined, so it can stand for "not JSON".
function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const STRUCTURAL_TAG =
  /<(?:div|span|p|a|ul|ol|li|table|tr|td|section|article|header|footer|nav|main|script|style|link|meta|img|form|button|h[1-6])\b[^>]*>/gi;

export function detectHtml(text: string): Detection | undefined {
  const head = text.slice(0, 4000);
  const trimmed = head.trimStart().toLowerCase();
  let score = 0;
  if (trimmed.startsWith('<!doctype html')) {
    score += 0.6;
  }
  if (/<html[\s>]/i.test(head)) {
    score += 0.3;
  }
  if (/<(?:head|body)[\s>]/i.test(head)) {
    score += 0.1;
  }
  const tags = head.match(STRUCTURAL_TAG)?.length ?? 0;
  score += Math.min(0.4, tags * 0.03);
  if (!trimmed.startsWith('<') && score < 0.9) {
    return undefined;
  }

  return score >= 0.6
    ? { kind: 'html', confidence: Math.min(1, score), reason: `html:${tags}` }
    : undefined;
}

const YAML_KEY = /^\s*(?:- )?[\w"'.$/-]+:(?:\s|$)/;
const YAML_OTHER = /^\s*- \S|^\s*-$|^---$|^\.\.\.$/;
const MIN_CONFIG_LINES = 5;

/**
 * YAML manifests and delimited tables. No compressor understands them yet,
 * and dropping lines of either changes what the rest means (a key lands
 * under the wrong parent, a row loses its header), so they are reported as
 * `unknown` and pass through untouched.
 */
// TODO(#3): give YAML and CSV their own compressors (YAML through the JSON one, CSV as a table).
export function detectConfig(lines: readonly string[]): Detection | undefined {
  const content = lines.filter((line) => line.trim() !== '' && !/^\s*#/.test(line));
  if (content.length < MIN_CONFIG_LINES) {
    return undefined;
  }
  const keys = content.filter((line) => YAML_KEY.test(line));
  const structural =
    keys.length + content.filter((line) => !YAML_KEY.test(line) && YAML_OTHER.test(line)).length;
  const nested = keys.filter((line) => /^\s{2,}/.test(line)).length;
  const headings = content.some((line) => /^#{1,6}\s/.test(line));
  // Markdown lists and `Owner: x` headers look like YAML line by line; nesting and no headings decide.
  if (
    !headings &&
    structural / content.length >= 0.9 &&
    keys.length / content.length >= 0.5 &&
    nested >= 2
  ) {
    return {
      kind: 'unknown',
      confidence: Math.min(0.95, structural / content.length),
      reason: 'config:yaml',
    };
  }

  return delimitedTable(content);
}

function delimitedTable(content: readonly string[]): Detection | undefined {
  for (const delimiter of [',', '\t', ';', '|']) {
    const counts = content.map((line) => line.split(delimiter).length - 1);
    const first = counts[0];
    const same = counts.filter((count) => count === first).length / counts.length;
    if (first >= 2 && same >= 0.9) {
      return {
        kind: 'unknown',
        confidence: same,
        reason: `table:${delimiter === '\t' ? 'tab' : delimiter}`,
      };
    }
  }

  return undefined;
}
