import { existsSync, readFileSync } from 'node:fs';

// USER_HZ: the unit of /proc/<pid>/stat times, 100 on every Linux Node ships for.
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms; null where /proc is missing. */
export function processCpuMs(pid: number): number | null {
  const path = `/proc/${pid}/stat`;
  if (!existsSync(path)) return null;

  // The command name (field 2) may hold spaces; count fields after its ')'.
  const text = readFileSync(path, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);

  return ((userTicks + systemTicks) * 1000) / TICKS_PER_SECOND;
}
