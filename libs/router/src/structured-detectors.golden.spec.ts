import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { corpusPath } from '../test/corpus';
import { collectLineStats, sampleLines } from './line-stats';
import { detectBinary, detectJson } from './structured-detectors';

// What the binary and JSON detectors said before the single-pass binary check and the shared
// JSON parse (commit f080098). They decide which family compresses a
// block, so any change here changes bytes sent upstream.
const CORPUS_SHA256 = 'be546d4414f3d7009d311b2984d75093a9041d2faf94322dc3257287f6a75991';

// The line statistics of each corpus file's sample, before the sentence test
// was reordered: the statistics decide every line-shaped kind.
const LINE_STATS_SHA256 = 'd1897acbca5efef244676483745e2f60e064f4b4479838904dec875409c9a76a';

const PAYLOAD =
  'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk+Pw';
const payload = (length: number): string =>
  PAYLOAD.repeat(Math.ceil(length / PAYLOAD.length)).slice(0, length);
const wrapped = (text: string, width: number): string =>
  (text.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join('\n');

const EDGE_CASES: Record<string, { text: string; expected: string }> = {
  'plain payload': { text: payload(300), expected: 'binary base64 0.95' },
  'wrapped payload': { text: wrapped(payload(2_000), 76), expected: 'none' },
  'data url': { text: `data:image/png;base64,${payload(400)}`, expected: 'binary base64 0.95' },
  'data url without comma': { text: `data:${payload(400)}`, expected: 'none' },
  'too short': { text: payload(255), expected: 'none' },
  'short after joining': { text: wrapped(payload(250), 10), expected: 'none' },
  'padded to length': { text: `   ${payload(254)}   `, expected: 'none' },
  'whitespace before the payload': {
    text: `data:x,${' '.repeat(1_100)}${payload(400)}`,
    expected: 'none',
  },
  'words with spaces': {
    text: `${payload(40)} ${payload(40)} ${payload(300)}`,
    expected: 'none',
  },
  'late punctuation': { text: `${payload(1_500)}!${payload(10)}`, expected: 'none' },
  'early punctuation': {
    text: `${payload(100)}!${payload(1_500)}`,
    expected: 'none',
  },
  'no-break space inside': {
    text: `${payload(200)}\u00a0${payload(200)}`,
    expected: 'binary base64 0.95',
  },
  'line separator inside': {
    text: `${payload(200)}\u2028${payload(200)}`,
    expected: 'binary base64 0.95',
  },
  'hex digest run': { text: 'ab12'.repeat(100), expected: 'binary base64 0.95' },
  'nul byte': { text: `abc\u0000${'x'.repeat(300)}`, expected: 'binary nul-byte 1' },
  'control characters': {
    text: '\u0001\u0002\u0003abcdefg'.repeat(60),
    expected: 'binary control-chars 0.9',
  },
  'json object': { text: JSON.stringify({ data: payload(500) }), expected: 'json json-object 1' },
  'json array, padded': {
    text: `\n ${JSON.stringify([payload(300), 1])}\n`,
    expected: 'json json-array 1',
  },
  'json lines': { text: `{"a":1}\n{"b":"${payload(300)}"}\n`, expected: 'json json-lines 0.95' },
  'json lines with nbsp': { text: `{"a":1}\u00a0\n{"b":2}\n[3]`, expected: 'json json-lines 0.95' },
  'bom json': { text: `\ufeff{"a":"${payload(300)}"}`, expected: 'json json-object 1' },
};

function corpusFiles(root: string): string[] {
  return readdirSync(root)
    .sort()
    .flatMap((name) => {
      const path = join(root, name);
      return statSync(path).isDirectory() ? corpusFiles(path) : [path];
    });
}

// The syntax-decided detectors alone, in the order the router runs them: the
// line statistics after them are not what this pins.
function describeDetection(text: string): string {
  const detection = detectBinary(text) ?? detectJson(text);
  return detection ? `${detection.kind} ${detection.reason} ${detection.confidence}` : 'none';
}

describe('structured detectors', () => {
  it.each(Object.entries(EDGE_CASES))('routes %s as before', (_, { text, expected }) => {
    expect(describeDetection(text)).toBe(expected);
  });

  it('routes every corpus file as before', () => {
    const root = corpusPath();
    const lines = corpusFiles(root).map(
      (path) => `${relative(root, path)}\t${describeDetection(readFileSync(path, 'utf8'))}`,
    );
    const digest = createHash('sha256').update(lines.join('\n')).digest('hex');

    expect(lines.length).toBeGreaterThan(200);
    expect(digest).toBe(CORPUS_SHA256);
  });

  it('counts the line shapes of every corpus file as before', () => {
    const root = corpusPath();
    const lines = corpusFiles(root).map((path) => {
      const stats = collectLineStats(sampleLines(readFileSync(path, 'utf8')));
      return `${relative(root, path)}\t${JSON.stringify(stats)}`;
    });

    expect(createHash('sha256').update(lines.join('\n')).digest('hex')).toBe(LINE_STATS_SHA256);
  });
});
