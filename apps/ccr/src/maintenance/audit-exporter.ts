import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry } from '@headroom/ccr';

/** A store that can read its audit trail back, as the Prisma store does. */
export type AuditReader = {
  auditEvents(since: Date, until: Date): Promise<AuditEntry[]>;
};

export function isAuditReader(store: unknown): store is AuditReader {
  return typeof (store as Partial<AuditReader> | null)?.auditEvents === 'function';
}

export type AuditExportResult =
  { status: 'exported'; file: string; events: number } | { status: 'unavailable'; reason: string };

/**
 * Writes the audit events of one window to `<dir>/audit-<from>-<to>.jsonl`,
 * one event per line. Names the window in the file so a re-run of the same
 * job overwrites its own file instead of duplicating events.
 */
export async function exportAudit(
  store: unknown,
  dir: string,
  since: Date,
  until: Date,
): Promise<AuditExportResult> {
  if (!isAuditReader(store)) {
    // Only stores that keep an audit trail can export one.
    return { status: 'unavailable', reason: 'store cannot read its audit trail' };
  }

  const events = await store.auditEvents(since, until);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `audit-${stamp(since)}-${stamp(until)}.jsonl`);
  await writeFile(
    file,
    events.map((event) => JSON.stringify(event)).join('\n') + (events.length ? '\n' : ''),
  );

  return { status: 'exported', file, events: events.length };
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}
