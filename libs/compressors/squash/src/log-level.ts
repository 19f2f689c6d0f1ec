export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'none';

const LEVEL_WORD =
  /\b(FATAL|CRITICAL|CRIT|EMERG|ALERT|SEVERE|PANIC|ERROR|ERR|WARNING|WARN|NOTICE|INFO|DEBUG|TRACE|fatal|critical|crit|emerg|alert|severe|panic|error|err|warning|warn|notice|info|debug|trace)\b/;
// Android logcat: `MM-DD hh:mm:ss.mmm  pid  tid L tag:` with a one-letter level.
const LOGCAT_LEVEL = /^\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+\s+\d+\s+\d+ ([VDIWEF]) /;
const LOGCAT: Readonly<Record<string, LogLevel>> = {
  V: 'debug',
  D: 'debug',
  I: 'info',
  W: 'warn',
  E: 'error',
  F: 'fatal',
};

/**
 * The level of a line: the first level word it contains, which is the level
 * field for every common layout, or the logcat letter. A line that only
 * mentions an error later in an INFO message stays INFO.
 */
export function levelOf(line: string): LogLevel {
  const logcat = LOGCAT_LEVEL.exec(line);
  if (logcat) {
    return LOGCAT[logcat[1]] ?? 'none';
  }
  const match = LEVEL_WORD.exec(line.length > 400 ? line.slice(0, 400) : line);
  if (!match) {
    return 'none';
  }

  return normalise(match[1].toLowerCase());
}

function normalise(word: string): LogLevel {
  if (['fatal', 'critical', 'crit', 'emerg', 'alert', 'panic', 'severe'].includes(word)) {
    return 'fatal';
  }
  if (word === 'error' || word === 'err') {
    return 'error';
  }
  if (word === 'warning' || word === 'warn') {
    return 'warn';
  }

  return word === 'debug' || word === 'trace' ? 'debug' : 'info';
}

export function isSevere(level: LogLevel): boolean {
  return level === 'fatal' || level === 'error' || level === 'warn';
}

const STACK_LINE =
  /^\s+at\s+\S|^\s+File "[^"]+", line \d+|^Traceback \(most recent call last\):|^(?:Caused by|Suppressed):\s|^\s+\.\.\. \d+ (?:more|common frames omitted)|^[\w$.]+(?:Exception|Error)(?::\s|$)|^\s+\w+(?:\.\w+)+\([\w$.]*:\d+\)$|^goroutine \d+ \[|^\s+\/\S+\.go:\d+|^\s+\d+: 0x[0-9a-f]+|^\s+-->\s+\S+:\d+:\d+/;

/** Frames and headers of a stack trace in Java, Python, JavaScript, Go or Rust form. */
export function isStackLine(line: string): boolean {
  return STACK_LINE.test(line);
}
