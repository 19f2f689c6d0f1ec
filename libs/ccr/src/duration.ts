const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;

const DURATION_PATTERN = /^(\d+)\s*(s|m|h|d|w)?$/i;

/**
 * Parses a retention duration: plain seconds (`600`) or a number with a unit
 * (`4s`, `30m`, `12h`, `7d`, `2w`). Returns seconds, or undefined when the
 * text is not a positive duration.
 */
export function parseDurationSeconds(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) {
    return undefined;
  }

  const unit = (match[2]?.toLowerCase() ?? 's') as keyof typeof UNIT_SECONDS;
  const seconds = Number(match[1]) * UNIT_SECONDS[unit];

  return Number.isSafeInteger(seconds) && seconds > 0 ? seconds : undefined;
}

/** `604800` → `7d`, `90` → `90s`: the largest unit that divides evenly. */
export function formatDuration(seconds: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    if (seconds % UNIT_SECONDS[unit] === 0) {
      return `${seconds / UNIT_SECONDS[unit]}${unit}`;
    }
  }

  return `${seconds}s`;
}
