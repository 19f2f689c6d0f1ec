import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export type ProcessMemory = {
  /** Resident set size now, in bytes. */
  rssBytes: number;
  /** The kernel's high-water mark of the RSS (VmHWM); null where /proc is missing. */
  peakRssBytes: number | null;
};

const KB = 1024;

/** Reads /proc/<pid>/status on Linux, `ps` elsewhere (which knows no peak). */
export function processMemory(pid: number): ProcessMemory {
  const status = `/proc/${pid}/status`;
  if (existsSync(status)) {
    const text = readFileSync(status, 'utf8');
    const field = (name: string) => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
      return match ? Number(match[1]) * KB : null;
    };

    return { rssBytes: field('VmRSS') ?? 0, peakRssBytes: field('VmHWM') };
  }

  const rss = execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim();

  return { rssBytes: Number(rss) * KB, peakRssBytes: null };
}
