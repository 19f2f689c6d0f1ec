import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_DIR } from './cluster';

const FILE = join(LOG_DIR, 'measurements.json');

/** Keeps what a suite measured, for the notes; numbers are reported, not asserted. */
export function recordMeasurement(name: string, value: Record<string, unknown>): void {
  const all: Record<string, unknown> = existsSync(FILE)
    ? (JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>)
    : {};
  all[name] = { ...value, measuredAt: new Date().toISOString() };
  writeFileSync(FILE, JSON.stringify(all, null, 2));
  process.stdout.write(`measurement ${name}: ${JSON.stringify(value)}\n`);
}
