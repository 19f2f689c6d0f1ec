import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import type { Machine } from './bench-result.schema';

/** What every result file carries so numbers from two machines are never mixed up. */
export type RunContext = {
  date: string;
  commit: string;
  dirty: boolean;
  quick: boolean;
  machine: Machine;
};

export function machineInfo(): Machine {
  const processors = cpus();

  return {
    cores: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    nodeVersion: process.version,
    totalMemoryBytes: totalmem(),
    platform: process.platform,
    arch: process.arch,
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

export function runContext(root: string, quick: boolean): RunContext {
  const status = git(['status', '--porcelain', '--untracked-files=no'], root);

  return {
    date: new Date().toISOString(),
    commit: git(['rev-parse', 'HEAD'], root) ?? 'unknown',
    dirty: status === undefined ? false : status.length > 0,
    quick,
    machine: machineInfo(),
  };
}
